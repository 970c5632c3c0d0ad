package org.backprop4j.spark;

import org.apache.spark.TaskContext;

/**
 * Failure injection for tests: with the local property {@code spark.backprop4j.test.failTaskAt=N}
 * set on the thread that calls fit ({@code SparkContext.setLocalProperty}; tasks see it), the
 * first attempt of block 0's task of step (or round) N fails: it throws, or, with
 * {@code spark.backprop4j.test.failMode=exit}, ends its executor's JVM, as a lost machine does.
 * Spark then retries the task; training must end as an undisturbed run does. Only the first
 * attempt of the first stage attempt fails: a lost executor takes its cached blocks along, so
 * Spark reruns the stage, whose tasks count their attempts from 0 again.
 */
final class Failures {
    static final String AT = "spark.backprop4j.test.failTaskAt";
    static final String MODE = "spark.backprop4j.test.failMode";

    private Failures() {
    }

    static void maybeFail(long step, int block) {
        TaskContext task = TaskContext.get();
        if (task == null || block != 0 || task.stageAttemptNumber() != 0 || task.attemptNumber() != 0) {
            return;
        }
        String at = task.getLocalProperty(AT);
        if (at == null || Long.parseLong(at) != step) {
            return;
        }
        if ("exit".equals(task.getLocalProperty(MODE))) {
            Runtime.getRuntime().halt(17); // the executor dies mid-step, without cleaning up
        }
        throw new IllegalStateException("injected failure of block 0 at step " + step + " (" + AT + ")");
    }
}
