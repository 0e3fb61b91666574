package io.ipamoperator.api.ionos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** {@code spec.additionalNetworks[]}: an extra NIC in an existing LAN. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Network extends IpamConfig {

    @Required
    @Min(1)
    @JsonPropertyDescription("ID of an existing LAN in the data centre.")
    public Integer networkID;

    @JsonPropertyDescription("Solely used for internal purposes and requires elevated permissions.")
    public String vnet;

    @Default("true")
    @JsonPropertyDescription("DHCP for this NIC. The primary NIC always has DHCP enabled.")
    public Boolean dhcp;

    public Network() {}

    public Network(int networkID) {
        this.networkID = networkID;
    }
}
