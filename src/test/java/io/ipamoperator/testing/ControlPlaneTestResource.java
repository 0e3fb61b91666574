package io.ipamoperator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** Points the operator under test at the shared real control plane (see {@link TestControlPlane}). */
public class ControlPlaneTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Path pki = TestControlPlane.workDir().resolve("pki");
        return Map.of(
                "quarkus.kubernetes-client.api-server-url",
                        TestControlPlane.config().getMasterUrl(),
                "quarkus.kubernetes-client.ca-cert-file", pki.resolve("ca.crt").toString(),
                "quarkus.kubernetes-client.client-cert-file",
                        pki.resolve("admin.crt").toString(),
                "quarkus.kubernetes-client.client-key-file",
                        pki.resolve("admin.key").toString(),
                "quarkus.kubernetes-client.namespace", "default");
    }

    @Override
    public void stop() {
        // the control plane is shared by the whole test JVM and stops with it
    }
}
