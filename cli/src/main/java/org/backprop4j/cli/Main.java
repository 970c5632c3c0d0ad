package org.backprop4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
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
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // plots render off screen, with or without a display
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands and error handling; tests set its out/err writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrainCommand())
                .addSubcommand("train", new TrainCommand())
                .addSubcommand("predict", new PredictCommand())
                .addSubcommand("evaluate", new EvaluateCommand());
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
