#!/usr/bin/env python3
"""Copied to bundle/peers/adam.py by scripts/bundle. Runs torch_fair.py (same arguments) with the
Adam implementation that PEER_ADAM names: "foreach" or "fused" (PyTorch 2.4+ has a fused CPU
Adam). The twin itself uses PyTorch's default; a demanding user may pick either. Where this
PyTorch cannot run the one asked for on the CPU, it says so and runs the default. The twin's
RESULT line shows which ran (foreach=, fused=)."""
import functools
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402

kind = os.environ.get("PEER_ADAM", "default")
if kind in ("foreach", "fused"):
    try:  # a step on a tiny model: fused=True on a build without CPU support fails only here
        probe = torch.nn.Linear(2, 2)
        opt = torch.optim.Adam(probe.parameters(), **{kind: True})
        probe(torch.ones(1, 2)).sum().backward()
        opt.step()
        torch.optim.Adam = functools.partial(torch.optim.Adam, **{kind: True})
    except (RuntimeError, TypeError, ValueError) as e:
        print(f"# Adam {kind}=True does not run here ({type(e).__name__}: {e}); the default runs", flush=True)
elif kind != "default":
    sys.exit(f"# Adam: PEER_ADAM must be default, foreach or fused, not {kind!r}")

import torch_fair  # noqa: E402

torch_fair.main()
