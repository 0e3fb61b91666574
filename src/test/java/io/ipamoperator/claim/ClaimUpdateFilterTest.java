package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaimStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which updates of a claim reach the claim reconciler: all but the echo of a status this process wrote. */
class ClaimUpdateFilterTest {

    private final StatusEchoes echoes = new StatusEchoes();
    private final OwnStatusEchoFilter<IPAddressClaim> filter = new OwnStatusEchoFilter<>(
            V1Beta2ClaimReconciler::addressRefOf, V1Beta2ClaimReconciler::readyOf, () -> echoes);
    private final V1Beta2ClaimReconciler reconciler = new V1Beta2ClaimReconciler(new ClaimReconciler.Collaborators(
            null, null, null, null, null, echoes, Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC)));

    private final IPAddressClaim claim =
            withResourceVersion(ClaimFixtures.claim("ns", "a", "InClusterIPPool", "pool"), "1");

    @Test
    void theEchoOfAnErrorStatusThisProcessWroteDoesNotReachTheReconciler() {
        IPAddressClaim echo = echoOf(writtenErrorStatus(claim));

        assertThat(filter.accept(echo, claim)).isFalse();
    }

    @Test
    void onlyTheFirstEchoOfAWriteIsDropped() {
        IPAddressClaim echo = echoOf(writtenErrorStatus(claim));
        filter.accept(echo, claim);

        assertThat(filter.accept(withResourceVersion(echo, "3"), echo)).isTrue();
    }

    @Test
    void aStatusChangedBySomebodyElseReachesTheReconciler() {
        writtenErrorStatus(claim);
        IPAddressClaim cleared = withResourceVersion(ClaimFixtures.claim("ns", "a", "InClusterIPPool", "pool"), "2");
        cleared.setStatus(new IPAddressClaimStatus());

        assertThat(filter.accept(cleared, claim)).isTrue();
    }

    @Test
    void aStatusNobodyHereWroteReachesTheReconciler() {
        IPAddressClaim other = ClaimFixtures.claim("ns", "b", "InClusterIPPool", "pool");
        IPAddressClaim echoOfAnotherClaim = echoOf(writtenErrorStatus(other));
        IPAddressClaim sameStatusOnThisClaim = withResourceVersion(claim, "2");
        sameStatusOnThisClaim.setStatus(echoOfAnotherClaim.getStatus());

        assertThat(filter.accept(sameStatusOnThisClaim, claim)).isTrue();
    }

    @Test
    void anEchoThatAlsoChangesTheMetadataReachesTheReconciler() {
        IPAddressClaim echo = echoOf(writtenErrorStatus(claim));
        echo.getMetadata().setAnnotations(Map.of("cluster.x-k8s.io/paused", ""));

        assertThat(filter.accept(echo, claim)).isTrue();
    }

    @Test
    void aReleasedClaimHasNoEchoPending() {
        IPAddressClaim echo = echoOf(writtenErrorStatus(claim));
        echoes.forget("ns/a");

        assertThat(filter.accept(echo, claim)).isTrue();
    }

    /** The status patch the reconciler returns after a failed attempt (the status of the refused-write case). */
    private IPAddressClaim writtenErrorStatus(IPAddressClaim of) {
        return reconciler
                .updateErrorStatus(of, null, new IllegalStateException("admission webhook denied the request"))
                .getResource()
                .orElseThrow();
    }

    /** The claim as the watch reports it after the patch: its status, a new resourceVersion, all else unchanged. */
    private IPAddressClaim echoOf(IPAddressClaim patch) {
        IPAddressClaim echo = withResourceVersion(
                ClaimFixtures.claim("ns", patch.getMetadata().getName(), "InClusterIPPool", "pool"), "2");
        echo.setStatus(patch.getStatus());
        return echo;
    }

    private static IPAddressClaim withResourceVersion(IPAddressClaim claim, String resourceVersion) {
        IPAddressClaim copy = ClaimFixtures.claim(
                claim.getMetadata().getNamespace(), claim.getMetadata().getName(), "InClusterIPPool", "pool");
        copy.getMetadata().setResourceVersion(resourceVersion);
        copy.getMetadata().setAnnotations(claim.getMetadata().getAnnotations());
        copy.setStatus(claim.getStatus());
        return copy;
    }
}
