package io.ipamoperator.api.capi.v1beta2;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.V1Beta1Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressClaimStatus {

    public List<Condition> conditions;

    /** The IPAddress that fulfils the claim. */
    public LocalReference addressRef;

    public Deprecated deprecated;

    /** {@code status.deprecated}: the v1beta1 conditions kept for older clients. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Deprecated {
        public V1Beta1 v1beta1;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class V1Beta1 {
        public List<V1Beta1Condition> conditions;
    }
}
