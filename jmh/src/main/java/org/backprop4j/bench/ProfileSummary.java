package org.backprop4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a profiled run's time went, from a JFR recording, in plain lines that a machine with no
 * JDK tools can print (the bundle's runtime has no {@code jfr} command): the CPU samples of each
 * thread (a pool worker parked between regions is not sampled, so a worker's count against the
 * busiest one's is its share of the run it was busy), then the samples by the engine's innermost
 * method on the stack (the kernel, a pack, Adam, a worker waiting in {@code Team.serve} or
 * {@code Parallel.awaitParts}), busiest first.
 *
 * <pre>java -XX:StartFlightRecording=filename=run.jfr,settings=profile -cp benchmarks.jar org.backprop4j.bench.FreshRun ...
 * java -cp benchmarks.jar org.backprop4j.bench.ProfileSummary run.jfr [LINES]</pre>
 */
public final class ProfileSummary {
    private static final String ENGINE = "org.backprop4j.";
    private static final String BENCH = "org.backprop4j.bench.";

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ProfileSummary RECORDING.jfr [LINES]");
            System.exit(2);
        }
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            total++;
            RecordedThread thread = event.getThread("sampledThread");
            byThread.merge(thread == null ? "?" : thread.getJavaName(), 1, Integer::sum);
            byMethod.merge(innermostEngineMethod(event.getStackTrace().getFrames()), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "PROFILE samples=%d file=%s%n", total, args[0]);
        print("THREAD", byThread, total, Integer.MAX_VALUE);
        print("METHOD", byMethod, total, lines);
    }

    /** The innermost frame in the engine (not the benchmark), or "other " and the innermost frame. */
    static String innermostEngineMethod(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith(ENGINE) && !type.startsWith(BENCH)) {
                return type.substring(ENGINE.length()) + "." + f.getMethod().getName();
            }
        }
        if (frames.isEmpty()) {
            return "other (no frames)";
        }
        RecordedFrame top = frames.get(0);
        return "other " + top.getMethod().getType().getName() + "." + top.getMethod().getName();
    }

    private static void print(String kind, Map<String, Integer> counts, int total, int lines) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(lines)
                .forEach(e -> System.out.printf(Locale.ROOT, "%s %6d %5.1f%% %s%n", kind, e.getValue(),
                        100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
