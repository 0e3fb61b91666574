package io.ipamoperator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Go tools the tests run against our release artefacts, built once per machine by {@code src/testtools/build.sh}
 * from the Go module proxy and cached: {@code clusterctl} (Cluster API's CLI) and {@code olm-validate} (the
 * operator-framework bundle validators).
 */
public final class GoTestTools {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    /** What a tool printed (standard output and error, interleaved) and how it ended. */
    public record Result(int exitCode, String output) {}

    private GoTestTools() {}

    public static Path clusterctl() {
        return bin().resolve("clusterctl");
    }

    public static Path olmValidate() {
        return bin().resolve("olm-validate");
    }

    /** Runs {@code command} with {@code environment} added to this JVM's, in {@code directory}. */
    public static Result run(List<String> command, Map<String, String> environment, Path directory) {
        try {
            Path log = Files.createTempFile("go-tool-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(Timeouts.scaled(RUN_TIMEOUT).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        command + " did not end within " + RUN_TIMEOUT + ":\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #run} with {@code clusterctl} as the program. */
    public static Result clusterctl(Map<String, String> environment, Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(clusterctl().toString());
        command.addAll(List.of(arguments));
        return run(command, environment, directory);
    }

    private static synchronized Path bin() {
        String cached = System.getProperty("ipam-operator.test.go-tools");
        if (cached != null) {
            return Path.of(cached);
        }
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", Path.of("src/testtools/build.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putIfAbsent("GOTOOLCHAIN", "auto"); // go.mod's Go version, from the module proxy
        try {
            Process build = builder.start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!build.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)
                    || build.exitValue() != 0
                    || output.isEmpty()) {
                build.destroyForcibly();
                throw new IllegalStateException("Building clusterctl and olm-validate (src/testtools/build.sh) failed;"
                        + " its messages are above. It needs a Go toolchain and the Go module proxy.");
            }
            Path bin = Path.of(output.lines().reduce((first, second) -> second).orElseThrow());
            System.setProperty("ipam-operator.test.go-tools", bin.toString());
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
