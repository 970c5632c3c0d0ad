#!/usr/bin/python3
"""PyTorch's run of SpiralConvergenceTest's binary spiral task on its 25 data draws.

The CSV comes from SpiralDraws.java (same folder). The model and update are the peers' nnfs twin
(../shared/peers/torch_spiral.py): Dense(2,64) with L2 5e-4 on weights and biases, ReLU,
Dense(64,1), sigmoid, nnfs's clipped BCE, Adam(1e-3, eps 1e-7) with lr/(1 + 5e-7 t), 10,001
full-batch epochs; weights 0.01*randn from torch's generator seeded with the draw, biases 0.

  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/peers/torch_spiral_draws.py /tmp/spirals.csv
"""
import statistics
import sys

import numpy as np
import torch

torch.set_num_threads(1)
rows = np.loadtxt(sys.argv[1], delimiter=",", dtype=np.float64)


def draw(seed):
    r = rows[rows[:, 0] == seed]
    return torch.tensor(r[:, 1:3], dtype=torch.float32), torch.tensor(r[:, 3:4], dtype=torch.float32)


def bce_nnfs(p, y):
    pc = p + (p.clamp(1e-7, 1 - 1e-7) - p).detach()  # clipped value, straight-through gradient
    return (-(y * torch.log(pc) + (1 - y) * torch.log(1 - pc))).mean()


train, validation = [], []
for seed in range(1, 26):
    X, y = draw(seed)
    Xv, yv = draw(100 + seed)
    g = torch.Generator().manual_seed(seed)
    W1 = (0.01 * torch.randn(2, 64, generator=g)).requires_grad_()
    b1 = torch.zeros(1, 64, requires_grad=True)
    W2 = (0.01 * torch.randn(64, 1, generator=g)).requires_grad_()
    b2 = torch.zeros(1, 1, requires_grad=True)
    opt = torch.optim.Adam([W1, b1, W2, b2], lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: 1.0 / (1.0 + 5e-7 * i))

    def forward(inputs):
        return torch.sigmoid(torch.relu(inputs @ W1 + b1) @ W2 + b2)

    for epoch in range(10001):
        out = forward(X)
        loss = bce_nnfs(out, y) + 5e-4 * (W1 * W1).sum() + 5e-4 * (b1 * b1).sum()
        with torch.no_grad():
            accuracy = ((out > 0.5).float() == y).float().mean().item()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        validation.append(((forward(Xv) > 0.5).float() == yv).float().mean().item())
    train.append(accuracy)
    print(seed, round(accuracy, 3), round(validation[-1], 3), flush=True)

t = sorted(train)
print(f"PyTorch {torch.__version__}: train median {statistics.median(t):.3f} (lower quartile {t[len(t) // 4]:.3f}), "
      f"validation median {statistics.median(validation):.3f}")
