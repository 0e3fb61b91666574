package io.ipamoperator.netbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An IP address as NetBox holds it.
 *
 * @param id NetBox's id (release deletes by it)
 * @param address the address with its prefix length, as NetBox writes it ({@code 10.0.0.5/24}, {@code 2001:db8::5/64})
 * @param status NetBox's status value ({@code active}, {@code reserved}, {@code dhcp}, ...)
 * @param dnsName the DNS name, empty string when none
 * @param tenantId the tenant's id, if any
 * @param vrfId the VRF's id, empty for the global table
 * @param tags the slugs of its tags
 * @param customFields its custom fields' values (strings, numbers, booleans, or null)
 */
public record NetBoxAddress(
        long id,
        String address,
        String status,
        String dnsName,
        Optional<Long> tenantId,
        Optional<Long> vrfId,
        List<String> tags,
        Map<String, Object> customFields) {

    public NetBoxAddress {
        tags = List.copyOf(tags);
        customFields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customFields));
    }

    /** The address without its prefix length. */
    public String ip() {
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    /** The prefix length NetBox stored with the address. */
    public int prefixLength() {
        int slash = address.indexOf('/');
        return slash < 0 ? (address.contains(":") ? 128 : 32) : Integer.parseInt(address.substring(slash + 1));
    }

    /** The value of a text custom field, if set. */
    public Optional<String> customField(String name) {
        Object value = customFields.get(name);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
