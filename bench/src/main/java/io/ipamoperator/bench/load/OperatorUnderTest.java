package io.ipamoperator.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The packaged operator as a separate process (the JVM jar or the native executable, as the image runs it),
 * pointed at the control plane, its HTTP port fixed so its readiness can be polled, webhooks off.
 */
final class OperatorUnderTest implements AutoCloseable {

    private static final int HTTP_PORT = 18090;

    private final Process process;
    private final long startedNanos;

    private OperatorUnderTest(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static OperatorUnderTest start(List<String> command, Path repository, Path kubeconfig, Path log)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("POD_NAME", "load-driver-operator");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(HTTP_PORT));
        builder.environment().put("IPAM_WEBHOOK_PORT", "0");
        long started = System.nanoTime();
        return new OperatorUnderTest(builder.start(), started);
    }

    private static final java.util.regex.Pattern INDEX_BUILT =
            java.util.regex.Pattern.compile("\"index\"\\s*:\\s*\"built\"");

    /** Waits for {@code /q/health/ready} to say the index is built; returns the time from process start. */
    Duration awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Waits.until("the operator is ready", Duration.ofMinutes(5), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue());
            }
            try {
                // ready as the leader with its index built, not as a standby before it holds the lease
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && INDEX_BUILT.matcher(response.body()).find();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    long pid() {
        return process.pid();
    }

    ProcessSample sample() {
        return ProcessSample.of(process.pid());
    }

    /**
     * Waits until the operator is idle: less than 2 % of one core over a second, five seconds at most past the first
     * idle second. Returns the wait.
     */
    Duration awaitIdle(Duration timeout) {
        long start = System.nanoTime();
        double[] last = {sample().cpuSeconds()};
        Waits.until("the operator is idle", timeout, () -> {
            Waits.sleep(Duration.ofSeconds(1));
            double now = sample().cpuSeconds();
            boolean idle = now - last[0] < 0.02;
            last[0] = now;
            return idle;
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
