package io.ipamoperator.api.capi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A Cluster API v1beta1 condition (with {@code severity}), as used in v1beta1 status and deprecated blocks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class V1Beta1Condition {

    @Required
    public String type;

    @Required
    public String status;

    public String severity;

    @Required
    public String lastTransitionTime;

    public String reason;
    public String message;
}
