package io.ipamoperator.bench.load;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A Flight Recorder profile of the operator (JVM only) over one phase, started and stopped with {@code jcmd} so
 * that start-up is not in it. Read it with {@code jfr view hot-methods <file>} or {@code jfr print}.
 */
final class Jfr {

    private final long pid;
    private final Path file;

    private Jfr(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static Jfr start(OperatorUnderTest operator, Path file) throws IOException, InterruptedException {
        Jfr recording = new Jfr(operator.pid(), file);
        recording.jcmd("JFR.start", "name=burst", "settings=profile");
        return recording;
    }

    /**
     * The live objects of the operator's heap by class (after a full GC), written to {@code file}, and beside it the
     * JVM's native memory summary when the operator runs with {@code -XX:NativeMemoryTracking=summary}.
     */
    static void histogram(OperatorUnderTest operator, Path file) throws IOException, InterruptedException {
        Jfr jcmd = new Jfr(operator.pid(), file);
        jcmd.jcmdTo(file, "GC.class_histogram");
        try {
            jcmd.jcmdTo(file.resolveSibling(file.getFileName() + ".nmt.txt"), "VM.native_memory", "summary");
        } catch (IllegalStateException notTracked) {
            // the operator runs without native memory tracking
        }
    }

    void stop() throws IOException, InterruptedException {
        jcmd("JFR.stop", "name=burst", "filename=" + file);
    }

    private void jcmdTo(Path output, String... args) throws IOException, InterruptedException {
        run(ProcessBuilder.Redirect.to(output.toFile()), args);
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        run(ProcessBuilder.Redirect.DISCARD, args);
    }

    private void run(ProcessBuilder.Redirect output, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        command.addAll(java.util.List.of(args));
        Process jcmd = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }
}
