package io.ipamoperator.testing;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code prometheus} beside the cluster, our alert rules loaded, scrape and rule evaluation every 5 s, on
 * 127.0.0.1:{@value #PORT} with its data in the given directory; {@link #close} stops it.
 *
 * <p>Debian builds Prometheus without its Kubernetes service discovery (a {@code kubernetes_sd_configs} section is
 * refused: "field kubernetes_sd_configs not found in type config.ScrapeConfig"), so the targets are what pod
 * discovery would find, listed by the test through the API server and handed over as a file ({@code file_sd_configs},
 * re-read when it changes): the pods' IPs on their port named {@code http}, labelled with the pod's name.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final int PORT = 19090;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path pidFile;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread stopOnExit;

    private PrometheusServer(Process process, Path pidFile) {
        this.process = process;
        this.pidFile = pidFile;
        this.stopOnExit = new Thread(process::destroyForcibly, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts Prometheus scraping {@code /q/metrics} of the targets (pod name to host:port) as job ipam-operator. */
    public static PrometheusServer start(Map<String, String> targets, Path rules, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Path targetsFile = dir.resolve("targets.json");
        writeTargets(targetsFile, targets);
        Files.writeString(config, """
                global: {scrape_interval: 5s, evaluation_interval: 5s}
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: ipam-operator
                    metrics_path: /q/metrics
                    file_sd_configs:
                      - {files: ["%s"], refresh_interval: 5s}
                """.formatted(rules.toAbsolutePath(), targetsFile));
        Process process = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + PORT,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        // for node.sh stop, should this JVM be killed before it stops Prometheus itself
        Files.writeString(dir.resolve("prometheus.pid"), process.pid() + "\n");
        PrometheusServer server = new PrometheusServer(process, dir.resolve("prometheus.pid"));
        try {
            await("Prometheus ready")
                    .atMost(scaled(Duration.ofSeconds(30)))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> server.get("/-/ready").startsWith("Prometheus"));
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static void writeTargets(Path file, Map<String, String> targets) throws IOException {
        List<Map<String, Object>> groups = targets.entrySet().stream()
                .map(target -> Map.<String, Object>of(
                        "targets", List.of(target.getValue()), "labels", Map.of("pod", target.getKey())))
                .toList();
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(written.toFile(), groups);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The {@code data.result} of an instant query. */
    public JsonNode query(String expression) {
        return json("/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    /** The {@code data.alerts} of the alerts endpoint (pending and firing). */
    public JsonNode alerts() {
        return json("/api/v1/alerts").path("data").path("alerts");
    }

    /** The {@code data.activeTargets} of the targets endpoint. */
    public JsonNode targets() {
        return json("/api/v1/targets?state=active").path("data").path("activeTargets");
    }

    private JsonNode json(String path) {
        try {
            JsonNode answer = JSON.readTree(get(path));
            if (!"success".equals(answer.path("status").asText())) {
                throw new IllegalStateException(path + " answered " + answer);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String get(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // node.sh stop finds no such process then
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
