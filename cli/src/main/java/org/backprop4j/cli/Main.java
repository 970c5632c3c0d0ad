package org.backprop4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code train} command line: trains by default, with {@code predict} and {@code evaluate}
 * as subcommands. User mistakes (a bad option, a missing file, a malformed CSV) end with a
 * one-line message and exit code 2; a training run that diverges, with its message and code 1.
 */
public final class Main {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** Help is laid out for a standard terminal; picocli wraps descriptions at words to fit it. */
    static final int HELP_WIDTH = 80;

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches the library: without the module, its first Vector class fails
        // to load deep inside training, as a NoClassDefFoundError with a stack trace.
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            System.err.println("train: the Vector API module is not enabled; run: " + commandWithVectorModule());
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true"); // plots render off screen, with or without a display
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) { // a model or data set larger than the heap: say so, in one line
            System.err.println("train: out of memory: the model or data does not fit in the Java heap ("
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB); give it more, e.g. JAVA_OPTS=-Xmx16g"
                    + " for dist/backprop4j/bin/backprop4j, or java -Xmx16g …");
            code = 1;
        }
        System.exit(code);
    }

    /** The command line with its subcommands and error handling; tests set its out/err writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrainCommand())
                .addSubcommand("predict", new PredictCommand())
                .addSubcommand("evaluate", new EvaluateCommand())
                .addSubcommand("main-job", new MainJob());
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println(cl.getCommandName() + ": " + e.getMessage() + " (see --help)");
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception e, CommandLine cl, ParseResult parsed) throws Exception {
        PrintWriter err = cl.getErr();
        if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
            err.println(cl.getCommandName() + ": " + describe(e));
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        }
        if (e instanceof IllegalStateException) { // e.g. a loss that became NaN: the data or settings, not a bug
            err.println(cl.getCommandName() + ": " + e.getMessage());
            return cl.getCommandSpec().exitCodeOnExecutionException();
        }
        throw e;
    }

    /**
     * This JVM's command line with {@code --add-modules jdk.incubator.vector} after the launcher,
     * quoted for a POSIX shell; a generic {@code java ... -jar} line when the JVM does not say.
     */
    static String commandWithVectorModule() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> words = new ArrayList<>();
        words.add(info.command().orElse("java"));
        words.add("--add-modules");
        words.add(VECTOR_MODULE);
        if (info.arguments().isPresent()) {
            words.addAll(List.of(info.arguments().get()));
        } else {
            words.add("-jar");
            words.add(Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        }
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            s.append(s.length() == 0 ? "" : " ")
                    .append(w.matches("[A-Za-z0-9_./:=,+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }

    /** The message a user needs: the JDK's file exceptions carry only the path. */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /** {@code --version}: the version Maven wrote into the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = Main.class.getResourceAsStream("version.txt")) {
                return new String[] {in == null ? "backprop4j (unknown version)"
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()};
            }
        }
    }
}
