package io.ipamoperator.localrun;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real Kubernetes control plane on this machine — etcd, kube-apiserver and kube-controller-manager (garbage
 * collector and namespace controllers), bound to 127.0.0.1 — for the test suite and for the local run.
 *
 * <p>The binaries are built once from the Go modules pinned in {@code src/controlplane/go.mod} by
 * {@code src/controlplane/build.sh} and cached in the user's cache directory; {@code src/controlplane/start.sh}
 * generates certificates and runs the processes, and stops them when this JVM goes away, even if it is killed.
 *
 * <p>Why our own launcher rather than fabric8 {@code kube-api-test}: that harness expects to download its binaries
 * (offline mode needs a hand-laid directory with a {@code kubectl} for its readiness check), binds etcd to
 * 0.0.0.0, and runs no controller manager, so owner-reference garbage collection and namespace deletion never
 * happen. Two short scripts and this class do all of it with nothing to lay out by hand.
 */
public final class LocalControlPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalControlPlane.class);
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(40);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path scripts;
    private final Path binaries;
    private final Path workDir;
    private final List<String> ports;
    private Process process;

    private LocalControlPlane(Path scripts, Path binaries, Path workDir, List<String> ports) {
        this.scripts = scripts;
        this.binaries = binaries;
        this.workDir = workDir;
        this.ports = ports;
    }

    /**
     * Builds the binaries if the cache lacks them, starts the control plane in {@code workDir} and returns once the
     * API server is ready.
     *
     * @param projectDir the checkout (holds {@code src/controlplane})
     * @param workDir an empty or new directory for certificates, etcd data and logs
     */
    public static LocalControlPlane start(Path projectDir, Path workDir) {
        Path scripts = projectDir.resolve("src/controlplane");
        if (!Files.isRegularFile(scripts.resolve("start.sh"))) {
            throw new IllegalStateException("Cannot start the local control plane: " + scripts
                    + " not found. Run from the project's checkout.");
        }
        try {
            LocalControlPlane controlPlane = new LocalControlPlane(
                    scripts, build(scripts), workDir, List.of(freePort(), freePort(), freePort()));
            controlPlane.launch();
            return controlPlane;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local control plane in " + workDir, e);
        }
    }

    /**
     * Stops etcd, the API server and the controller manager and starts them again on the same ports, data and
     * certificates, as a control-plane upgrade or an outage does; returns once the API server is ready again.
     */
    public void restart(Duration down) {
        close();
        sleep(down);
        launch();
    }

    private void launch() {
        try {
            Files.createDirectories(workDir.resolve("logs"));
            Files.deleteIfExists(workDir.resolve("ready"));
            List<String> command = new java.util.ArrayList<>(List.of(
                    "bash",
                    scripts.resolve("start.sh").toString(),
                    binaries.toString(),
                    workDir.toAbsolutePath().toString()));
            command.addAll(ports);
            command.add(Long.toString(ProcessHandle.current().pid()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            workDir.resolve("logs/start.log").toFile()))
                    .start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local control plane in " + workDir, e);
        }
    }

    private static Path build(Path scripts) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", scripts.resolve("build.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // go.mod asks for Go 1.24: any Go >= 1.21 fetches that toolchain from the Go module proxy when allowed to
        // (the default GOTOOLCHAIN of a distribution's Go is often "local"); an explicit setting is respected.
        builder.environment().putIfAbsent("GOTOOLCHAIN", "auto");
        Process build = builder.start();
        try {
            if (!build.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("Building the control plane took longer than " + BUILD_TIMEOUT);
            }
        } catch (InterruptedException e) {
            build.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the control plane", e);
        }
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (build.exitValue() != 0 || output.isEmpty()) {
            throw new IllegalStateException("Building the control plane failed (exit " + build.exitValue()
                    + "); its messages are above. It needs a Go toolchain and the Go module proxy.");
        }
        return Path.of(output.lines().reduce((first, second) -> second).orElseThrow());
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Path ready = workDir.resolve("ready");
        while (!Files.exists(ready)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("The local control plane did not become ready; logs in "
                        + workDir.resolve("logs") + ":\n" + logTails());
            }
            sleep(Duration.ofMillis(100));
        }
        LOG.infof(
                "Local control plane ready at %s (work directory %s)",
                clientConfig().getMasterUrl(), workDir);
    }

    /** The kubeconfig of a cluster-admin user. */
    public Path kubeconfig() {
        return workDir.resolve("kubeconfig");
    }

    /** A fabric8 client configuration for the cluster-admin user. */
    public Config clientConfig() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var logs = Files.list(workDir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                tails.append("--- ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size())
                        .forEach(line -> tails.append(line).append('\n'));
            }
        } catch (IOException e) {
            tails.append("(logs unreadable: ").append(e.getMessage()).append(')');
        }
        return tails.toString();
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the control plane", e);
        }
    }
}
