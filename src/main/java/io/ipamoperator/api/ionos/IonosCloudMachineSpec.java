package io.ipamoperator.api.ionos;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "self.type != 'VCPU' || !has(self.cpuFamily)",
        message = "cpuFamily must not be specified when using VCPU")
@ValidationRule(value = "!has(oldSelf.networkID) || has(self.networkID)", message = "networkID is required once set")
public class IonosCloudMachineSpec extends IpamConfig {

    @JsonPropertyDescription("ionos://<server-uuid>, written once the server is requested.")
    public String providerID;

    @Required
    @io.fabric8.generator.annotation.Pattern(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
    @ValidationRule(value = "self == oldSelf", message = "datacenterID is immutable")
    public String datacenterID;

    @Min(1)
    @Default("1")
    public Integer numCores;

    @Default("AUTO")
    public ServerZone availabilityZone;

    @Min(2048)
    @Default("3072")
    @ValidationRule(value = "self % 1024 == 0", message = "memoryMB must be a multiple of 1024")
    public Integer memoryMB;

    public String cpuFamily;

    @Required
    public Volume disk;

    @JsonPropertyDescription("Extra NICs in existing LANs.")
    public List<Network> additionalNetworks;

    @ValidationRule(value = "self == oldSelf", message = "failoverIP is immutable")
    @ValidationRule(
            value = "self == \"AUTO\" || self.matches(\"((25[0-5]|(2[0-4]|1\\\\d|[1-9]|)\\\\d)\\\\.?\\\\b){4}$\")",
            message = "failoverIP must be either 'AUTO' or a valid IPv4 address")
    public String failoverIP;

    @Size(min = 1)
    @ValidationRule(value = "self == oldSelf", message = "networkID is immutable")
    @JsonPropertyDescription("ID of an existing LAN for the primary NIC; it must be public and IPv6 enabled.")
    public String networkID;

    @Default("ENTERPRISE")
    @ValidationRule(value = "self == oldSelf", message = "type is immutable")
    public ServerType type;

    public enum ServerZone {
        AUTO,
        ZONE_1,
        ZONE_2
    }

    public enum VolumeZone {
        AUTO,
        ZONE_1,
        ZONE_2,
        ZONE_3
    }

    public enum ServerType {
        ENTERPRISE,
        VCPU
    }

    public enum DiskType {
        HDD,
        @JsonProperty("SSD Standard")
        SSD_STANDARD,
        @JsonProperty("SSD Premium")
        SSD_PREMIUM
    }

    /** {@code spec.disk}: the boot volume. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Volume {
        public String name;

        @Default("HDD")
        public DiskType diskType;

        @Min(10)
        @Default("20")
        public Integer sizeGB;

        @Default("AUTO")
        public VolumeZone availabilityZone;

        @Required
        @ValidationRule(
                value = "[has(self.id), has(self.selector)].filter(x, x).size() == 1",
                message = "exactly one of the fields in [id selector] must be set")
        public ImageSpec image;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ImageSpec {
        public String id;
        public ImageSelector selector;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ImageSelector {
        @Required
        @Size(min = 1)
        public java.util.Map<String, String> matchLabels;

        @Default("Exact")
        public ResolutionPolicy resolutionPolicy;

        @Default("true")
        public Boolean useMachineVersion;
    }

    public enum ResolutionPolicy {
        Exact,
        Newest
    }
}
