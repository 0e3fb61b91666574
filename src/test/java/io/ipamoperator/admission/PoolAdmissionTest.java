package io.ipamoperator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.IpPoolSpecification;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.allocation.PrefixPoolSpecification;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.PoolKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolAdmissionTest {

    @Test
    void everySpecErrorIsReportedAtOnceAs422() {
        var validation = IpPoolDefinition.validate(IpPoolSpecification.of(List.of("not-an-ip"), 24, "banana"));

        AdmissionVerdict verdict = PoolAdmission.specRules(PoolKind.IN_CLUSTER_IP_POOL, "bad", validation)
                .orElseThrow();

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.code()).isEqualTo(422);
        assertThat(verdict.reason()).isEqualTo("Invalid");
        assertThat(verdict.message())
                .startsWith("InClusterIPPool.ipam.cluster.x-k8s.io \"bad\" is invalid: [")
                .contains("provided address is not a valid IP, range, nor CIDR")
                .contains("ParseAddr(\"banana\"): unable to parse IP");
        assertThat(verdict.causes()).hasSize(2);
    }

    @Test
    void aValidSpecPassesTheSpecRules() {
        var validation = IpPoolDefinition.validate(IpPoolSpecification.of(List.of("10.0.0.0/24"), 24, null));

        assertThat(PoolAdmission.specRules(PoolKind.IN_CLUSTER_IP_POOL, "good", validation))
                .isEmpty();
    }

    @Test
    void strandedAddressesAreListedIn400() {
        AdmissionVerdict verdict = PoolAdmission.stranding(
                        PoolKind.GLOBAL_IN_CLUSTER_IP_POOL, List.of("10.0.0.5", "10.0.0.9"))
                .orElseThrow();

        assertThat(verdict.code()).isEqualTo(400);
        assertThat(verdict.message())
                .isEqualTo("pool addresses do not contain allocated addresses: [10.0.0.5 10.0.0.9]");
    }

    @Test
    void strandedPrefixesUseThePrefixPoolsMessage() {
        AdmissionVerdict verdict = PoolAdmission.stranding(PoolKind.IN_CLUSTER_PREFIX_POOL, List.of("fd00::/64"))
                .orElseThrow();

        assertThat(verdict.message()).isEqualTo("existing allocations become non-allocatable: [fd00::/64]");
    }

    @Test
    void nothingStrandedNothingRefused() {
        assertThat(PoolAdmission.stranding(PoolKind.IN_CLUSTER_IP_POOL, List.of()))
                .isEmpty();
    }

    @Test
    void theAllocationPrefixLengthCannotChange() {
        AdmissionVerdict verdict = PoolAdmission.immutability(
                        new PrefixPoolSpecification(List.of("fd00::/48"), 64, null, List.of()),
                        new PrefixPoolSpecification(List.of("fd00::/48"), 80, null, List.of()))
                .orElseThrow();

        assertThat(verdict.code()).isEqualTo(400);
        assertThat(verdict.message()).isEqualTo("spec.allocationPrefixLength is immutable");
    }

    @Test
    void aMissingAllocationPrefixLengthIsTheDefaultAndNoChange() {
        assertThat(PoolAdmission.immutability(
                        new PrefixPoolSpecification(List.of("fd00::/48"), null, null, List.of()),
                        new PrefixPoolSpecification(List.of("fd00::/48"), 64, null, List.of())))
                .isEmpty();
    }

    @Test
    void aPoolInUseCannotBeDeleted() {
        AdmissionVerdict verdict = PoolAdmission.delete(Map.of(), 3);

        assertThat(verdict.code()).isEqualTo(400);
        assertThat(verdict.message())
                .isEqualTo("Pool has IPAddresses allocated. Cannot delete Pool until all IPAddresses have been"
                        + " removed.");
    }

    @Test
    void anUnusedPoolCanBeDeleted() {
        assertThat(PoolAdmission.delete(null, 0).allowed()).isTrue();
    }

    @Test
    void theSkipAnnotationAllowsDeletingAPoolInUseWhateverItsValue() {
        assertThat(PoolAdmission.delete(Map.of(CapiNames.SKIP_DELETE_VALIDATION_ANNOTATION, ""), 3)
                        .allowed())
                .isTrue();
    }

    @Test
    void clusterctlMoveMayDeleteAPoolInUse() {
        assertThat(PoolAdmission.delete(Map.of(CapiNames.DELETE_FOR_MOVE_ANNOTATION, "true"), 3)
                        .allowed())
                .isTrue();
    }

    @Test
    void aZeroOrMissingAllocationPrefixLengthIsDefaultedTo64() {
        assertThat(PoolAdmission.prefixDefaults(true, 0).jsonPatch())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/allocationPrefixLength\",\"value\":64}]");
        assertThat(PoolAdmission.prefixDefaults(true, null).jsonPatch())
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/allocationPrefixLength\",\"value\":64}]");
    }

    @Test
    void aSetAllocationPrefixLengthIsLeftAlone() {
        AdmissionVerdict verdict = PoolAdmission.prefixDefaults(true, 80);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.jsonPatch()).isNull();
    }

    @Test
    void hostSizedPrefixesAreWarnedAbout() {
        PrefixPoolDefinition pool = PrefixPoolDefinition.validate(
                        new PrefixPoolSpecification(List.of("fd00::/120"), 128, "fd00::1", List.of()))
                .definition()
                .orElseThrow();

        assertThat(PoolAdmission.prefixWarnings(pool))
                .containsExactly(PoolAdmission.HOST_PREFIX_WARNING, PoolAdmission.GATEWAY_IN_PREFIX_WARNING);
    }

    @Test
    void aGatewayOutsideTheHostSizedPrefixesIsOnlyWarnedAboutOnce() {
        PrefixPoolDefinition pool = PrefixPoolDefinition.validate(
                        new PrefixPoolSpecification(List.of("fd00::/120"), 128, "fd01::1", List.of()))
                .definition()
                .orElseThrow();

        assertThat(PoolAdmission.prefixWarnings(pool)).containsExactly(PoolAdmission.HOST_PREFIX_WARNING);
    }

    @Test
    void ordinaryPrefixPoolsGetNoWarning() {
        PrefixPoolDefinition pool = PrefixPoolDefinition.validate(
                        new PrefixPoolSpecification(List.of("fd00::/48"), 64, "fd00::1", List.of()))
                .definition()
                .orElseThrow();

        assertThat(PoolAdmission.prefixWarnings(pool)).isEmpty();
    }
}
