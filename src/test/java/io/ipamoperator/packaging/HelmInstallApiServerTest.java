package io.ipamoperator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.testing.TestControlPlane;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} of the chart (Helm's own code, by helm-java) into the real API server: every object is
 * accepted as the chart renders it, the service account may do what the operator does, the notes say what to do
 * next. The release's webhooks are off here: with no pod behind them (this control plane runs no kubelet) they
 * would refuse the pool writes of every other test; {@code HelmChartTest} checks them rendered. The CRDs are off
 * because the suite's control plane already has them from {@code kubernetes/crds}.
 */
class HelmInstallApiServerTest {

    private static final String RELEASE = "helm-install-check";
    private static final String NAMESPACE = "helm-install-check";

    private static KubernetesClient client;
    private static Release release;

    @BeforeAll
    static void install() {
        client = TestControlPlane.newClient();
        release = new Helm(HelmChartTest.CHART)
                .install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .createNamespace()
                .withKubeConfig(TestControlPlane.workDir().resolve("kubeconfig"))
                .set("crds.enabled", false)
                .set("webhooks.enabled", false)
                .set("priorityClassName", "system-cluster-critical")
                .call();
    }

    @AfterAll
    static void uninstall() {
        new Helm(HelmChartTest.CHART)
                .uninstall(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeConfig(TestControlPlane.workDir().resolve("kubeconfig"))
                .call();
        client.close();
    }

    @Test
    void theReleaseIsDeployedWithTheNotesSayingHowToCheckIt() {
        assertThat(release.getStatus()).isEqualTo("deployed");
        assertThat(release.getOutput())
                .contains(
                        "kubectl -n " + NAMESPACE + " rollout status deployment/" + RELEASE + "-ipam-operator",
                        "/q/health/ready",
                        "kind: InClusterIPPool");
    }

    @Test
    void theApiServerAcceptedTheDeploymentAndItsDisruptionBudgetAsRendered() {
        Deployment deployment = client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(RELEASE + "-ipam-operator")
                .get();
        PodDisruptionBudget budget = client.policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(NAMESPACE)
                .withName(RELEASE + "-ipam-operator")
                .get();

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getPriorityClassName())
                .isEqualTo("system-cluster-critical");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .hasSize(1);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
                .singleElement()
                .satisfies(container ->
                        assertThat(container.getImage()).isEqualTo("ghcr.io/ipam-operator/ipam-operator:0.1.0"));
        assertThat(budget.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theReleasesServiceAccountMayBindClaimsAndHoldItsLease() {
        String user = "system:serviceaccount:" + NAMESPACE + ":" + RELEASE + "-ipam-operator";

        assertThat(allowed(user, "ipam.cluster.x-k8s.io", "ipaddresses", "create", ""))
                .isTrue();
        assertThat(allowed(user, "ipam.cluster.x-k8s.io", "ipaddressclaims/status", "patch", ""))
                .isTrue();
        assertThat(allowed(user, "coordination.k8s.io", "leases", "update", NAMESPACE))
                .isTrue();
        assertThat(allowed(user, "", "secrets", "delete", "kube-system"))
                .as("and no more than that")
                .isFalse();
    }

    private static boolean allowed(String user, String group, String resource, String verb, String namespace) {
        return AccessReviews.allowed(client, user, List.of(), verb, group, resource, namespace);
    }
}
