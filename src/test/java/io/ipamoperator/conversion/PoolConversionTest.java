package io.ipamoperator.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class PoolConversionTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final PoolConversion conversion = new PoolConversion(serialization);

    @Test
    void aSubnetBecomesTheRangeFromItsSecondToItsSecondToLastAddressWithItsPrefix() {
        ObjectNode up = conversion.convert(v1alpha1("{\"subnet\": \"10.0.0.0/24\"}"), PoolConversion.V1ALPHA2);

        assertThat(up.path("apiVersion").asText()).isEqualTo("ipam.cluster.x-k8s.io/v1alpha2");
        assertThat(up.path("spec").toString()).isEqualTo("{\"addresses\":[\"10.0.0.1-10.0.0.254\"],\"prefix\":24}");
    }

    @Test
    void anIpv6SubnetEndsAtItsSecondToLastAddress() {
        ObjectNode up = conversion.convert(v1alpha1("{\"subnet\": \"fd00::/120\"}"), PoolConversion.V1ALPHA2);

        assertThat(up.path("spec").path("addresses").get(0).asText()).isEqualTo("fd00::1-fd00::fe");
        assertThat(up.path("spec").path("prefix").asInt()).isEqualTo(120);
    }

    @Test
    void startAndEndBecomeOneMoreAddressesEntry() {
        ObjectNode up = conversion.convert(
                v1alpha1("{\"addresses\": [\"10.0.0.5\"], \"start\": \"10.0.0.10\", \"end\": \"10.0.0.20\","
                        + " \"prefix\": 24, \"gateway\": \"10.0.0.1\"}"),
                PoolConversion.V1ALPHA2);

        assertThat(up.path("spec").toString())
                .isEqualTo("{\"addresses\":[\"10.0.0.5\",\"10.0.0.10-10.0.0.20\"],\"prefix\":24,"
                        + "\"gateway\":\"10.0.0.1\"}");
    }

    @Test
    void anExplicitStartAndPrefixWinOverTheSubnetsDefaults() {
        ObjectNode up = conversion.convert(
                v1alpha1("{\"subnet\": \"10.0.0.0/24\", \"start\": \"10.0.0.100\", \"prefix\": 16}"),
                PoolConversion.V1ALPHA2);

        assertThat(up.path("spec").toString()).isEqualTo("{\"addresses\":[\"10.0.0.100-10.0.0.254\"],\"prefix\":16}");
    }

    @Test
    void aV1alpha1PoolReadBackInV1alpha1CarriesTheSubnetsDefaults() {
        ObjectNode written = v1alpha1("{\"subnet\": \"1.1.1.1/24\", \"gateway\": \"1.1.1.1\"}");

        ObjectNode stored = conversion.convert(written, PoolConversion.V1ALPHA2);
        ObjectNode back = conversion.convert(stored, PoolConversion.V1ALPHA1);

        // as the provider: its conversion defaults start, end and prefix, and its round-trip annotation keeps them
        assertThat(back.path("spec").toString())
                .isEqualTo("{\"subnet\":\"1.1.1.1/24\",\"start\":\"1.1.1.1\",\"end\":\"1.1.1.254\",\"prefix\":24,"
                        + "\"gateway\":\"1.1.1.1\"}");
        assertThat(serialization
                        .unmarshal(
                                stored.path("metadata")
                                        .path("annotations")
                                        .path(PoolConversion.DATA_ANNOTATION)
                                        .asText(),
                                ObjectNode.class)
                        .path("spec"))
                .isEqualTo(back.path("spec"));
    }

    @Test
    void aV1alpha1PoolWithoutSubnetReadsBackAsWritten() {
        ObjectNode written = v1alpha1("{\"start\": \"10.0.0.10\", \"end\": \"10.0.0.20\", \"prefix\": 24}");

        ObjectNode back =
                conversion.convert(conversion.convert(written, PoolConversion.V1ALPHA2), PoolConversion.V1ALPHA1);

        assertThat(back.path("spec").toString())
                .isEqualTo("{\"start\":\"10.0.0.10\",\"end\":\"10.0.0.20\",\"prefix\":24}");
    }

    @Test
    void anAnnotationKeptWithoutTheDefaultsReadsBackWithThem() {
        // stored by an earlier version of this operator, which kept the v1alpha1 spec as written
        ObjectNode stored = serialization.unmarshal(
                "{\"apiVersion\": \"ipam.cluster.x-k8s.io/v1alpha2\", \"kind\": \"InClusterIPPool\","
                        + " \"metadata\": {\"name\": \"p\", \"namespace\": \"ns\", \"annotations\": {\""
                        + PoolConversion.DATA_ANNOTATION
                        + "\": \"{\\\"apiVersion\\\":\\\"ipam.cluster.x-k8s.io/v1alpha1\\\","
                        + "\\\"spec\\\":{\\\"subnet\\\":\\\"10.0.0.0/24\\\"}}\"}},"
                        + " \"spec\": {\"addresses\": [\"10.0.0.1-10.0.0.254\"], \"prefix\": 24}}",
                ObjectNode.class);

        ObjectNode back = conversion.convert(stored, PoolConversion.V1ALPHA1);

        assertThat(back.path("spec").toString())
                .isEqualTo("{\"subnet\":\"10.0.0.0/24\",\"start\":\"10.0.0.1\",\"end\":\"10.0.0.254\",\"prefix\":24}");
    }

    @Test
    void aPoolChangedInV1alpha2IsNotRestoredToItsOldV1alpha1Spec() {
        ObjectNode stored = conversion.convert(v1alpha1("{\"subnet\": \"10.0.0.0/24\"}"), PoolConversion.V1ALPHA2);
        stored.with("spec").putArray("addresses").add("10.0.0.50-10.0.0.60");

        ObjectNode back = conversion.convert(stored, PoolConversion.V1ALPHA1);

        assertThat(back.path("spec").path("subnet").isMissingNode()).isTrue();
        assertThat(back.path("spec").path("addresses").get(0).asText()).isEqualTo("10.0.0.50-10.0.0.60");
    }

    @Test
    void v1alpha2OnlyFieldsSurviveAnUpdateInV1alpha1() {
        ObjectNode stored = serialization.unmarshal(
                "{\"apiVersion\": \"ipam.cluster.x-k8s.io/v1alpha2\", \"kind\": \"InClusterIPPool\","
                        + " \"metadata\": {\"name\": \"p\", \"namespace\": \"ns\"},"
                        + " \"spec\": {\"addresses\": [\"10.0.0.0/24\"], \"prefix\": 24,"
                        + " \"excludedAddresses\": [\"10.0.0.7\"], \"allocateReservedIPAddresses\": true,"
                        + " \"addressReuseGracePeriodSeconds\": 30}}",
                ObjectNode.class);

        ObjectNode seenInV1alpha1 = conversion.convert(stored, PoolConversion.V1ALPHA1);
        seenInV1alpha1.with("spec").put("gateway", "10.0.0.1");
        ObjectNode updated = conversion.convert(seenInV1alpha1, PoolConversion.V1ALPHA2);

        assertThat(updated.path("spec").toString())
                .isEqualTo("{\"addresses\":[\"10.0.0.0/24\"],\"prefix\":24,\"gateway\":\"10.0.0.1\","
                        + "\"allocateReservedIPAddresses\":true,\"excludedAddresses\":[\"10.0.0.7\"],"
                        + "\"addressReuseGracePeriodSeconds\":30}");
    }

    @Test
    void aSpecFieldANewerCrdAddedSurvivesAReadAndUpdateInV1alpha1() {
        ObjectNode stored = serialization.unmarshal(
                "{\"apiVersion\": \"ipam.cluster.x-k8s.io/v1alpha2\", \"kind\": \"InClusterIPPool\","
                        + " \"metadata\": {\"name\": \"p\", \"namespace\": \"ns\"},"
                        + " \"spec\": {\"addresses\": [\"10.0.0.0/24\"], \"prefix\": 24,"
                        + " \"futureField\": {\"mode\": \"strict\", \"weights\": [1, 2]}}}",
                ObjectNode.class);

        ObjectNode seenInV1alpha1 = conversion.convert(stored, PoolConversion.V1ALPHA1);
        seenInV1alpha1.with("spec").put("gateway", "10.0.0.1");
        ObjectNode updated = conversion.convert(seenInV1alpha1, PoolConversion.V1ALPHA2);

        assertThat(seenInV1alpha1.path("spec").has("futureField")).isFalse();
        assertThat(updated.path("spec").toString())
                .isEqualTo("{\"addresses\":[\"10.0.0.0/24\"],\"prefix\":24,\"gateway\":\"10.0.0.1\","
                        + "\"futureField\":{\"mode\":\"strict\",\"weights\":[1,2]}}");
    }

    @Test
    void aV1alpha1SpecFieldThisVersionDoesNotKnowReadsBackInV1alpha1() {
        ObjectNode written = v1alpha1("{\"subnet\": \"10.0.0.0/24\", \"futureField\": \"x\"}");

        ObjectNode stored = conversion.convert(written, PoolConversion.V1ALPHA2);
        ObjectNode back = conversion.convert(stored, PoolConversion.V1ALPHA1);

        assertThat(stored.path("spec").toString()).isEqualTo("{\"addresses\":[\"10.0.0.1-10.0.0.254\"],\"prefix\":24}");
        assertThat(back.path("spec").path("futureField").asText()).isEqualTo("x");
    }

    @Test
    void metadataAndStatusAreKept() {
        ObjectNode written = v1alpha1("{\"subnet\": \"10.0.0.0/24\"}");
        written.with("metadata").with("labels").put("team", "a");
        written.with("status").with("ipAddresses").put("total", 5);

        ObjectNode up = conversion.convert(written, PoolConversion.V1ALPHA2);

        assertThat(up.path("metadata").path("labels").path("team").asText()).isEqualTo("a");
        assertThat(up.path("metadata").path("name").asText()).isEqualTo("p");
        assertThat(up.path("status").path("ipAddresses").path("total").asInt()).isEqualTo(5);
        assertThat(up.path("metadata").path("annotations").has(PoolConversion.DATA_ANNOTATION))
                .isTrue();
    }

    private ObjectNode v1alpha1(String spec) {
        return serialization.unmarshal(
                "{\"apiVersion\": \"ipam.cluster.x-k8s.io/v1alpha1\", \"kind\": \"InClusterIPPool\","
                        + " \"metadata\": {\"name\": \"p\", \"namespace\": \"ns\"}, \"spec\": " + spec + "}",
                ObjectNode.class);
    }
}
