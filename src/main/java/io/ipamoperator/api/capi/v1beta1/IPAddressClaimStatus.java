package io.ipamoperator.api.capi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.ipamoperator.api.capi.LocalReference;
import io.ipamoperator.api.capi.V1Beta1Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IPAddressClaimStatus {

    public LocalReference addressRef;

    /** CAPI v1beta1 conditions (with severity). */
    public List<V1Beta1Condition> conditions;

    /** {@code status.v1beta2}: the new-style conditions, as CAPI v1.10 publishes them. */
    public V1Beta2 v1beta2;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class V1Beta2 {
        public List<Condition> conditions;
    }
}
