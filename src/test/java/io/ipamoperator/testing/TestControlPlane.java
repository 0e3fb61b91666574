package io.ipamoperator.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one real control plane of a test JVM: started on first use with every CRD of {@code kubernetes/crds} and
 * {@code kubernetes/dependencies} installed, shared by all tests (each test works in its own namespace), stopped
 * when the JVM exits.
 *
 * <p>Quarkus tests load this class in their own class loader, so "one per JVM" is kept in a system property (the
 * control plane's work directory), the one registry every class loader shares; the first loader to start it owns
 * the process and its shutdown hook.
 */
public final class TestControlPlane {

    private static final String WORK_DIR_PROPERTY = "ipam-operator.test.control-plane";

    private TestControlPlane() {}

    /** The work directory of the running control plane (kubeconfig, pki/, logs/), starting it if needed. */
    public static Path workDir() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(WORK_DIR_PROPERTY);
            if (running != null) {
                return Path.of(running);
            }
            Path project = Path.of("").toAbsolutePath();
            Path workDir = project.resolve(
                    "target/control-plane-" + ProcessHandle.current().pid());
            LocalControlPlane controlPlane = LocalControlPlane.start(project, workDir);
            Runtime.getRuntime().addShutdownHook(new Thread(controlPlane::close, "control-plane-stop"));
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(controlPlane.clientConfig())
                    .build()) {
                Manifests manifests = new Manifests(client);
                manifests.applyDirectory(project.resolve("kubernetes/crds"));
                manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
                manifests.awaitCrdsSettled();
            }
            System.setProperty(WORK_DIR_PROPERTY, workDir.toString());
            return workDir;
        }
    }

    /** A client configuration of the cluster-admin user. */
    public static Config config() {
        try {
            return Config.fromKubeconfig(Files.readString(workDir().resolve("kubeconfig")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new admin client of the shared control plane; close it after use. */
    public static KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }
}
