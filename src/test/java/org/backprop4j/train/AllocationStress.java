package org.backprop4j.train;

/**
 * Not a test: the body of {@code scripts/stress-alloc}, which runs it in many fresh JVMs. Prints
 * the bytes a 100-step fit of {@link ActivationAllocationTest}'s every-activation model allocates
 * in steady state, in a fresh JVM ({@code fresh}) or after a ReLU model has trained
 * ({@code after-relu}), as the two fresh-JVM tests do. Whether C2 keeps a kernel's vectors in
 * registers differs from JVM to JVM (a loop merge once boxed in 1 JVM of 3, another in 1 of 7), so
 * a change to a kernel loop is checked over tens of JVMs, not the one that a test run gives.
 */
final class AllocationStress {
    private AllocationStress() {
    }

    public static void main(String[] args) {
        String mode = args.length == 1 ? args[0] : "";
        switch (mode) {
            case "fresh" -> { }
            case "after-relu" -> ActivationAfterReluAllocationTest.trainAReluModel();
            default -> {
                System.err.println("usage: AllocationStress fresh|after-relu");
                System.exit(2);
            }
        }
        System.out.println(mode + " " + ActivationAllocationTest.everyActivationBytesPerFit());
    }
}
