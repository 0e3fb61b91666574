package io.ipamoperator.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test suite's control plane (etcd, kube-apiserver, kube-controller-manager from its cache, started by
 * {@code src/controlplane/start.sh}) on ports of its own, with the committed CRDs installed. The API server's and
 * etcd's process ids are found among the script's children, so their CPU time can be read.
 */
final class ControlPlane implements AutoCloseable {

    private static final int ETCD_PORT = 23890;
    private static final int API_SERVER_PORT = 26543;

    private final Process script;
    private final Path kubeconfig;
    private final long apiServerPid;
    private final long etcdPid;

    private ControlPlane(Process script, Path kubeconfig, long apiServerPid, long etcdPid) {
        this.script = script;
        this.kubeconfig = kubeconfig;
        this.apiServerPid = apiServerPid;
        this.etcdPid = etcdPid;
    }

    static ControlPlane start(Path repository, Path work) throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = work.resolve("cp");
        Process script = new ProcessBuilder(
                        "bash",
                        repository.resolve("src/controlplane/start.sh").toString(),
                        bin.toString(),
                        dir.toString(),
                        Integer.toString(ETCD_PORT),
                        Integer.toString(ETCD_PORT + 1),
                        Integer.toString(API_SERVER_PORT),
                        Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("control-plane.log").toFile())
                .start();
        Waits.until("the control plane is ready (" + work.resolve("control-plane.log") + ")", Duration.ofMinutes(3),
                () -> Files.exists(dir.resolve("ready")));
        Path kubeconfig = dir.resolve("kubeconfig");
        kubectl(kubeconfig, repository, "apply", "--server-side", "-f", "kubernetes/crds/", "-f",
                "kubernetes/dependencies/");
        kubectl(kubeconfig, repository, "wait", "--for", "condition=established", "crd", "--all");
        return new ControlPlane(script, kubeconfig, child(script, "kube-apiserver"), child(script, "etcd"));
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    /**
     * A kubeconfig for the operator as it runs in a cluster: the ServiceAccount, ClusterRoles and Roles of
     * {@code kubernetes/operator.yaml} (not its Deployment, Services or webhooks: no kubelet runs here), a token of
     * that ServiceAccount, and its namespace (where the leader Lease goes). Measuring with the admin's client
     * certificate instead would measure fabric8's re-reading of a certificate kubeconfig before every request.
     */
    Path operatorKubeconfig(Path repository, Path work) throws IOException, InterruptedException {
        String manifests = Files.readString(repository.resolve("kubernetes/operator.yaml"));
        StringBuilder rbac = new StringBuilder();
        for (String document : manifests.split("\n---\n")) {
            if (document.matches("(?s).*\\nkind: (ServiceAccount|ClusterRole|ClusterRoleBinding|Role|RoleBinding)\\n.*")) {
                rbac.append("---\n").append(document).append('\n');
            }
        }
        Path file = work.resolve("operator-rbac.yaml");
        Files.writeString(file, rbac);
        kubectl(kubeconfig, repository, "create", "namespace", "ipam-system");
        kubectl(kubeconfig, repository, "apply", "-f", file.toString());
        String token = kubectlOutput(kubeconfig, repository, "create", "token", "ipam-operator", "-n", "ipam-system",
                "--duration", "24h").trim();
        String ca = java.util.Base64.getEncoder().encodeToString(
                Files.readAllBytes(kubeconfig.getParent().resolve("pki/ca.crt")));
        Path operatorKubeconfig = work.resolve("operator.kubeconfig");
        Files.writeString(operatorKubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: {server: "https://127.0.0.1:%d", certificate-authority-data: %s}
                users:
                - name: ipam-operator
                  user: {token: %s}
                contexts:
                - name: local
                  context: {cluster: local, user: ipam-operator, namespace: ipam-system}
                current-context: local
                """.formatted(API_SERVER_PORT, ca, token));
        return operatorKubeconfig;
    }

    ProcessSample apiServer() {
        return ProcessSample.of(apiServerPid);
    }

    ProcessSample etcd() {
        return ProcessSample.of(etcdPid);
    }

    @Override
    public void close() throws InterruptedException {
        script.destroy();
        script.waitFor();
    }

    /** The binaries the test suite built and cached (it builds them on its first run: {@code ./mvnw verify}). */
    private static Path binaries() throws IOException {
        Path cache = Path.of(System.getenv().getOrDefault(
                "IPAM_CONTROL_PLANE_CACHE", System.getProperty("user.home") + "/.cache/ipam-operator/control-plane"));
        try (Stream<Path> builds = Files.exists(cache) ? Files.list(cache) : Stream.empty()) {
            return builds.map(build -> build.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("kube-apiserver")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no control plane binaries in " + cache
                            + "; run the test suite once (./mvnw verify) to build them"));
        }
    }

    private static long child(Process script, String name) {
        return script.descendants()
                .filter(process -> process.info().command().map(command -> command.endsWith("/" + name)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " process under the control plane script"))
                .pid();
    }

    private static String kubectlOutput(Path kubeconfig, Path repository, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process kubectl = new ProcessBuilder(command)
                .directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String output = new String(kubectl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (kubectl.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        return output;
    }

    private static void kubectl(Path kubeconfig, Path repository, String... args)
            throws IOException, InterruptedException {
        kubectlOutput(kubeconfig, repository, args);
    }
}
