package io.ipamoperator.testing;

import java.nio.file.Path;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ipamoperator.localrun.LocalControlPlane;
import io.ipamoperator.localrun.Manifests;

/**
 * The one real control plane of a test JVM: started on first use with every CRD of {@code kubernetes/crds} and
 * {@code kubernetes/dependencies} installed, shared by
 * all tests (each test works in its own namespace), stopped when the JVM exits.
 *
 * <p>The static holder is deliberate and test-only: JUnit classes and Quarkus test resources have no common
 * context object to hang a JVM-wide resource on.
 */
public final class TestControlPlane {

    private static LocalControlPlane shared;

    private TestControlPlane() {
    }

    public static synchronized LocalControlPlane shared() {
        if (shared == null) {
            Path project = Path.of("").toAbsolutePath();
            LocalControlPlane controlPlane = LocalControlPlane.start(project,
                    project.resolve("target/control-plane-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(controlPlane::close, "control-plane-stop"));
            try (KubernetesClient client = newClient(controlPlane)) {
                Manifests manifests = new Manifests(client);
                manifests.applyDirectory(project.resolve("kubernetes/crds"));
                manifests.applyDirectory(project.resolve("kubernetes/dependencies"));
            }
            shared = controlPlane;
        }
        return shared;
    }

    /** A new admin client of the shared control plane; close it after use. */
    public static KubernetesClient newClient() {
        return newClient(shared());
    }

    private static KubernetesClient newClient(LocalControlPlane controlPlane) {
        return new KubernetesClientBuilder().withConfig(controlPlane.clientConfig()).build();
    }
}
