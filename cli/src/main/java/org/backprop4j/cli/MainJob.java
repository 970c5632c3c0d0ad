package org.backprop4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.backprop4j.data.FashionMnist;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code scripts/train} runs with no arguments: the spiral, then Fashion-MNIST when it is
 * installed (else how to install it), then both results together, since the spiral's have
 * scrolled away by then. Hidden: a user asks for either run with train's own options.
 */
@Command(name = "main-job", hidden = true, description = "the spiral, then Fashion-MNIST if installed, then both results")
final class MainJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the Fashion-MNIST files are")
    Path dataDir = FashionMnist.DEBIAN_DIRECTORY;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CommandLine train = train();
        int code = train.execute();
        String spiral = ((TrainCommand) train.getCommand()).result();
        if (code != 0) {
            return code;
        }
        out.println();
        if (!installed(dataDir)) {
            out.println("spiral         " + spiral);
            out.println("Fashion-MNIST  skipped: not installed in " + dataDir + " (apt-get install"
                    + " dataset-fashion-mnist, then scripts/train again; or scripts/train --data fashion-mnist --data-dir DIR)");
            return 0;
        }
        out.println("Fashion-MNIST is installed: training MLP-784 on it (scripts/train --data fashion-mnist)");
        train = train();
        code = train.execute("--data", "fashion-mnist", "--data-dir", dataDir.toString());
        if (code != 0) {
            return code;
        }
        out.println();
        out.println("spiral         " + spiral);
        out.println("Fashion-MNIST  " + ((TrainCommand) train.getCommand()).result());
        return 0;
    }

    /** All four files of the data set, not just a folder (a partial install would fail mid-job). */
    private static boolean installed(java.nio.file.Path dir) {
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (!Files.isRegularFile(dir.resolve(f)) && !Files.isRegularFile(dir.resolve(f + ".gz"))) {
                return false;
            }
        }
        return true;
    }

    /** A fresh train command line that writes where this one does. */
    private CommandLine train() {
        CommandLine train = Main.commandLine();
        train.setOut(spec.commandLine().getOut());
        train.setErr(spec.commandLine().getErr());
        return train;
    }
}
