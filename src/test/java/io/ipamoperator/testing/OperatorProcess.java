package io.ipamoperator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar}, or the native executable, production profile,
 * so leader election is on) run as a separate process against a control plane, for the tests that restart it or run two replicas.
 * Its log goes to {@code target/it-logs/<name>.log}.
 */
public final class OperatorProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;

    private OperatorProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the operator and waits until it is ready, starting it once more if the first process exits during
     * start-up, as Kubernetes restarts a pod whose container exits. A start can fail when the Vert.x HTTP client
     * hands an informer a connection the API server has just closed (fabric8 kubernetes-client issue 7450: such
     * failures are not retried); the operator then exits on purpose rather than run without that informer.
     */
    public static OperatorProcess startReady(String name, Path kubeconfig, Duration timeout) {
        return startReady(name, kubeconfig, timeout, Map.of());
    }

    /** {@link #startReady(String, Path, Duration)} with {@code environment} added. */
    public static OperatorProcess startReady(
            String name, Path kubeconfig, Duration timeout, Map<String, String> environment) {
        OperatorProcess first = start(name, kubeconfig, environment);
        try {
            return first.awaitReady(timeout);
        } catch (IllegalStateException exited) {
            if (first.isAlive()) {
                throw exited;
            }
            System.err.println("operator " + name + " exited during start-up; starting it again (see target/it-logs/"
                    + name + "-first-start.log)");
            try {
                Files.move(
                        Path.of("target/it-logs", name + ".log"),
                        Path.of("target/it-logs", name + "-first-start.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return start(name, kubeconfig, environment).awaitReady(timeout);
        }
    }

    public static OperatorProcess start(String name, Path kubeconfig) {
        return start(name, kubeconfig, Map.of());
    }

    private static OperatorProcess start(String name, Path kubeconfig, Map<String, String> environment) {
        try {
            return start(name, kubeconfig, freePort(), environment);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the operator with its HTTP server (health, metrics) on {@code port}; does not wait. */
    public static OperatorProcess start(String name, Path kubeconfig, int port) {
        return start(name, kubeconfig, port, Map.of());
    }

    /**
     * Starts the operator with its HTTP server on {@code port} and {@code environment} added; does not wait. Its
     * webhook server listens on a free port of its own (several replicas run on one host here) unless
     * {@code environment} sets {@code IPAM_WEBHOOK_PORT}.
     */
    public static OperatorProcess start(String name, Path kubeconfig, int port, Map<String, String> environment) {
        return start(name, command(), kubeconfig, port, environment);
    }

    /**
     * The packaged operator: the native executable when the build made one (the {@code native} profile passes its
     * path as {@code native.image.path}, the Quarkus convention), else the JVM jar run by this test's Java with the
     * image's JIT and GC flags.
     */
    public static List<String> command() {
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && !nativeImage.isBlank()) {
            Path executable = Path.of(nativeImage);
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(
                        executable + " is missing: these tests run after ./mvnw package -Pnative");
            }
            // a process, not a container: no memory limit for the image's entrypoint (heap-from-limit) to size the
            // heap from, and this toolchain's executables would take 80 % of the machine's memory; a fixed heap
            return List.of(executable.toAbsolutePath().toString(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError");
        }
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after ./mvnw package");
        }
        // the image's JIT and GC settings (pom.xml, the image's entrypoint): C1 only, Serial GC, its heap sizing
        return List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:MaxNewSize=32m",
                "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30",
                "-XX:TrimNativeHeapInterval=10000",
                "-jar",
                jar.toString());
    }

    /**
     * Starts the operator by {@code command} (the packaged image's entrypoint, say) with the same environment as
     * {@link #start(String, Path, int, Map)}; does not wait.
     */
    public static OperatorProcess start(
            String name, List<String> command, Path kubeconfig, int port, Map<String, String> environment) {
        try {
            Path logs = Files.createDirectories(Path.of("target/it-logs"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logs.resolve(name + ".log").toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("POD_NAME", name);
            builder.environment().put("IPAM_WEBHOOK_PORT", Integer.toString(freePort()));
            builder.environment().putAll(environment);
            return new OperatorProcess(name, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the operator " + name, e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public OperatorProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Timeouts.scaled(timeout));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("operator " + name + " exited; see target/it-logs/" + name + ".log");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("operator " + name + " not ready within " + timeout);
    }

    /** The body of {@code /q/health/<check>} (ready, live, started), whatever its status. */
    public String health(String check) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/" + check))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("operator " + name + " does not answer /q/health/" + check, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as the kubelet does when a pod is deleted or rolled; does not wait. */
    public void terminate() {
        process.destroy();
    }

    /** Waits (up to the scaled {@code timeout}) for the process to end; its exit code, or empty if it still runs. */
    public java.util.Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(Timeouts.scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)
                    ? java.util.Optional.of(process.exitValue())
                    : java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the process logged so far. */
    public String log() {
        try {
            return Files.readString(Path.of("target/it-logs", name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process without warning, as a crash or a node failure would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
