package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.TestControlPlane;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's RBAC, installed on the real API server, grants the operator's service account every call the
 * operator makes (asked with SubjectAccessReviews).
 */
class OperatorRbacApiServerTest {

    private static final String USER = "system:serviceaccount:ipam-system:ipam-operator";

    private static KubernetesClient client;

    @BeforeAll
    static void installRbac() {
        client = TestControlPlane.newClient();
        if (client.namespaces().withName("ipam-system").get() == null) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("ipam-system")
                            .endMetadata()
                            .build())
                    .create();
        }
        List<HasMetadata> objects = client.load(
                        new ByteArrayInputStream(HelmChartTest.render().getBytes(StandardCharsets.UTF_8)))
                .items();
        objects.stream()
                .filter(o -> o.getKind().endsWith("Role")
                        || o.getKind().endsWith("RoleBinding")
                        || o.getKind().equals("ServiceAccount"))
                .forEach(o -> client.resource(o)
                        .inNamespace("ipam-system")
                        .fieldManager("test")
                        .forceConflicts()
                        .serverSideApply());
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @ParameterizedTest(name = "{0} {1}/{2} in {3}")
    @CsvSource(textBlock = """
            watch,  ipam.cluster.x-k8s.io,  inclusterippools,               some-ns
            patch,  ipam.cluster.x-k8s.io,  globalinclusterippools/status,  ''
            update, ipam.cluster.x-k8s.io,  inclusterprefixpools/finalizers, some-ns
            patch,  ipam.cluster.x-k8s.io,  globalinclusterprefixpools,     ''
            create, ipam.cluster.x-k8s.io,  ipaddresses,                    some-ns
            delete, ipam.cluster.x-k8s.io,  ipaddresses,                    some-ns
            update, ipam.cluster.x-k8s.io,  ipaddresses,                    some-ns
            watch,  ipam.cluster.x-k8s.io,  ipaddressclaims,                some-ns
            patch,  ipam.cluster.x-k8s.io,  ipaddressclaims/status,         some-ns
            create, ipam.cluster.x-k8s.io,  ipaddressclaims,                some-ns
            watch,  cluster.x-k8s.io,       clusters,                       some-ns
            patch,  infrastructure.cluster.x-k8s.io, ionoscloudmachines,    some-ns
            update, infrastructure.cluster.x-k8s.io, ionoscloudmachines/status, some-ns
            get,    apiextensions.k8s.io,   customresourcedefinitions,      ''
            create, '',                     events,                         some-ns
            update, coordination.k8s.io,    leases,                         ipam-system
            create, coordination.k8s.io,    leases,                         ipam-system
            get,    '',                     secrets,                        ipam-system
            create, '',                     secrets,                        ipam-system
            update, '',                     secrets,                        ipam-system
            get,    admissionregistration.k8s.io, validatingwebhookconfigurations, ''
            update, admissionregistration.k8s.io, mutatingwebhookconfigurations,   ''
            patch,  apiextensions.k8s.io,   customresourcedefinitions,      ''
            """)
    void operatorServiceAccountMayMakeTheCall(String verb, String group, String resource, String namespace) {
        boolean allowed = AccessReviews.allowed(
                client,
                USER,
                List.of("system:serviceaccounts", "system:serviceaccounts:ipam-system", "system:authenticated"),
                verb,
                group,
                resource,
                namespace);

        assertThat(allowed).as("%s %s/%s", verb, group, resource).isTrue();
    }
}
