package io.ipamoperator.netbox;

import java.util.Optional;

/**
 * A prefix as NetBox holds it.
 *
 * @param id NetBox's id (the available-ips endpoint is under it)
 * @param prefix the CIDR, as NetBox writes it
 * @param vrfId the VRF's id, empty for the global table
 * @param vrfName the VRF's name, empty for the global table
 * @param status NetBox's status value ({@code active}, {@code reserved}, {@code deprecated}, {@code container})
 */
public record NetBoxPrefix(long id, String prefix, Optional<Long> vrfId, Optional<String> vrfName, String status) {

    /** The CIDR with its VRF, for messages: {@code 10.0.0.0/24}, {@code 10.0.0.0/24 (VRF blue)}. */
    public String describe() {
        return prefix + vrfName.map(v -> " (VRF " + v + ")").orElse("") + " [id " + id + "]";
    }
}
