package io.ipamoperator.testing;

import static io.ipamoperator.testing.Timeouts.scaled;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.localrun.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * The one real Kubernetes node of a test run (the real-node tier, {@code *RealNodeIT}): containerd, a kubelet that
 * runs pods, the control plane of {@code src/controlplane} and a scheduler, started by {@code src/realnode/node.sh}
 * in {@code target/real-node/} on first use, shared by every test class of the JVM (as a JUnit extension: {@code
 * @ExtendWith(RealNode.class)}) and stopped when the run ends, or at the latest when the JVM exits.
 *
 * <p>Linux and root only. Where the node cannot be had (another OS, not root, the Debian packages missing, the
 * kubelet not starting) each test class is skipped with the reason, unless {@code IPAM_REAL_NODE_REQUIRED=true}
 * (CI sets it), which turns that into a failure: a CI run must not pass by skipping the tier.
 */
public final class RealNode implements BeforeAllCallback, ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** containerd's socket, as node.sh configures it (the pods' images are imported through it). */
    public static final String CONTAINERD_SOCKET = "/run/ipam-real-node/containerd.sock";

    public static final String NODE_NAME = "realnode";

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path WORK = PROJECT.resolve("target/real-node");
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(RealNode.class);

    private static RealNode running;
    private static String unavailable;
    /** Whether node.sh start ran since the last stop (the shutdown hook then has nothing left to do). */
    private static boolean started;

    private final Path kubeconfig;

    /** For JUnit's {@code @ExtendWith}; the node itself is made by {@link #start()}. */
    public RealNode() {
        this.kubeconfig = WORK.resolve("admin.kubeconfig");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(STORE).getOrComputeIfAbsent(RealNode.class, key -> start(), RealNode.class);
    }

    /** The running node (after the extension's beforeAll). */
    public static synchronized RealNode current() {
        if (running == null) {
            throw new IllegalStateException("no real node: annotate the test class with @ExtendWith(RealNode.class)");
        }
        return running;
    }

    private static synchronized RealNode start() {
        if (running != null) {
            return running;
        }
        if (unavailable != null) {
            throw unavailable(unavailable);
        }
        Optional<String> missing = precondition();
        if (missing.isPresent()) {
            unavailable = missing.get();
            throw unavailable(unavailable);
        }
        try {
            Files.createDirectories(WORK);
            Path controlPlaneBin = Path.of(build("src/controlplane/build.sh", "control-plane-build.log"));
            Path nodeBin = Path.of(build("src/realnode/build.sh", "real-node-build.log"));
            // a node left by a run that was killed before its teardown
            script(List.of("bash", "src/realnode/node.sh", "stop", WORK.toString()), Duration.ofMinutes(2), "stop");
            Runtime.getRuntime().addShutdownHook(new Thread(RealNode::stopNode, "real-node-stop"));
            started = true;
            try {
                ProcessBuilder start = new ProcessBuilder("bash", "src/realnode/node.sh", "start", WORK.toString());
                start.environment().put("CONTROL_PLANE_BIN", controlPlaneBin.toString());
                start.environment().put("NODE_BIN", nodeBin.toString());
                run(start, Duration.ofMinutes(3), "start");
            } catch (RuntimeException e) {
                unavailable = "the node did not start (" + e.getMessage() + ")";
                stopNode();
                throw unavailable(unavailable);
            }
            RealNode node = new RealNode();
            try (KubernetesClient client = node.newClient()) {
                await("Node " + NODE_NAME + " Ready")
                        .atMost(scaled(Duration.ofSeconds(60)))
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> ready(client.nodes().withName(NODE_NAME).get()));
                // the ServiceAccount admission refuses pods until the controller-manager made "default"
                await("ServiceAccount default/default")
                        .atMost(scaled(Duration.ofSeconds(60)))
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> client.serviceAccounts()
                                        .inNamespace("default")
                                        .withName("default")
                                        .get()
                                != null);
                Manifests manifests = new Manifests(client);
                manifests.applyDirectory(PROJECT.resolve("kubernetes/dependencies"));
                manifests.awaitCrdsSettled();
            } catch (RuntimeException | Error e) {
                unavailable = "the node started but did not become usable (" + e.getMessage() + ")";
                stopNode();
                throw unavailable(unavailable);
            }
            running = node;
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the node cannot run here, if it cannot. */
    private static Optional<String> precondition() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the real-node tier runs on Linux only");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("the real-node tier needs root (containerd, runc, network namespaces, iptables)");
        }
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("containerd", "runc", "ctr", "iptables", "ip", "gcc", "openssl", "curl")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))) {
            missing.add("/usr/lib/cni/bridge");
        }
        if (!missing.isEmpty()) {
            return Optional.of("the real-node tier needs " + String.join(", ", missing)
                    + " (Debian: apt-get install containerd runc containernetworking-plugins iptables gcc;"
                    + " .ci/run installs them)");
        }
        return Optional.empty();
    }

    private static RuntimeException unavailable(String reason) {
        if (Boolean.parseBoolean(System.getenv("IPAM_REAL_NODE_REQUIRED"))) {
            return new IllegalStateException(
                    "real node required (IPAM_REAL_NODE_REQUIRED=true) but unavailable: " + reason);
        }
        return new TestAbortedException("real-node tier skipped: " + reason);
    }

    private static boolean ready(Node node) {
        return node != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A build script's stdout (its cache's bin directory); its stderr goes to a log of the work dir. */
    private static String build(String script, String log) throws IOException {
        Path out = WORK.resolve(log + ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", script)
                .redirectOutput(out.toFile())
                .redirectError(WORK.resolve(log).toFile());
        builder.environment().putIfAbsent("GOTOOLCHAIN", "auto");
        // a cold kubelet build on a busy 2-core machine takes up to ~13 minutes
        run(builder, Duration.ofMinutes(30), script);
        return Files.readString(out).trim();
    }

    private static void script(List<String> command, Duration timeout, String what) {
        run(new ProcessBuilder(command), timeout, what);
    }

    private static void run(ProcessBuilder builder, Duration timeout, String what) {
        builder.directory(PROJECT.toFile());
        if (builder.redirectError().equals(ProcessBuilder.Redirect.PIPE)) {
            builder.redirectErrorStream(true);
            builder.redirectOutput(
                    ProcessBuilder.Redirect.appendTo(WORK.resolve("node-sh.log").toFile()));
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(scaled(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + scaled(timeout));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see "
                        + WORK.resolve("node-sh.log") + " and " + WORK.resolve("logs"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private static synchronized void stopNode() {
        if (!started) {
            return;
        }
        if (Boolean.parseBoolean(System.getenv("IPAM_REAL_NODE_KEEP"))) {
            System.err.println("[real-node] IPAM_REAL_NODE_KEEP=true: the node keeps running; stop it with"
                    + " src/realnode/node.sh stop " + WORK);
            return;
        }
        try {
            script(List.of("bash", "src/realnode/node.sh", "stop", WORK.toString()), Duration.ofMinutes(2), "stop");
        } catch (RuntimeException e) {
            System.err.println("[real-node] teardown: " + e.getMessage());
        }
        started = false;
        running = null;
    }

    /** Called by JUnit when the whole run ends. */
    @Override
    public void close() {
        stopNode();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Config config() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new admin client of the node's cluster; close it after use. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Imports an OCI image archive into the node's containerd (pods run it with {@code imagePullPolicy: Never}). */
    public void importImage(Path archive) {
        script(
                List.of(
                        "ctr",
                        "--address",
                        CONTAINERD_SOCKET,
                        "-n",
                        "k8s.io",
                        "images",
                        "import",
                        archive.toAbsolutePath().toString()),
                Duration.ofMinutes(3),
                "ctr images import " + archive);
    }

    /** The node's work directory (a test may keep files of its own there). */
    public Path workDir() {
        return WORK;
    }

    /** Whether an executable of that name is on the PATH. */
    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The directory of the node's logs (for a test's failure messages). */
    public Path logs() {
        return WORK.resolve("logs");
    }
}
