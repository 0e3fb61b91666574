package io.ipamoperator.api.ionos;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.ipamoperator.api.capi.V1Beta1Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class IonosCloudMachineStatus {

    /** Set by the infrastructure provider; null here means "not written by us" (merge patches leave it alone). */
    public Boolean ready;

    public MachineNetworkInfo machineNetworkInfo;

    public List<V1Beta1Condition> conditions;

    public ProvisioningRequest currentRequest;

    public String location;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MachineNetworkInfo {
        public List<NicInfo> nicInfo;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class NicInfo {
        public List<String> ipv4Addresses;
        public List<String> ipv6Addresses;

        @Required
        public int networkID;

        @Required
        public boolean primary;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ProvisioningRequest {
        @Required
        public String method;

        @Required
        public String requestPath;

        public RequestState state;
    }

    public enum RequestState {
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }
}
