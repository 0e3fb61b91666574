package io.ipamoperator.netbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to write on an address NetBox allocates for one claim.
 *
 * @param claimUid the claim's UID, stored in the claim-UID custom field (which NetBox keeps unique)
 * @param status NetBox's status value for the address ({@code active} when null)
 * @param tenant the tenant's slug, if any
 * @param dnsName the DNS name, if any
 * @param description a description, if any
 * @param tags slugs of tags to set besides the ownership tag (which is always set)
 * @param customFields further custom fields (the claim-UID field is set from {@code claimUid})
 */
public record AddressRequest(
        String claimUid,
        String status,
        Optional<String> tenant,
        Optional<String> dnsName,
        Optional<String> description,
        List<String> tags,
        Map<String, Object> customFields) {

    public AddressRequest {
        Objects.requireNonNull(claimUid, "claimUid");
        if (claimUid.isBlank()) {
            throw new IllegalArgumentException("the claim UID is empty");
        }
        status = status == null || status.isBlank() ? "active" : status;
        tenant = tenant == null ? Optional.empty() : tenant;
        dnsName = dnsName == null ? Optional.empty() : dnsName;
        description = description == null ? Optional.empty() : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    /** An active address for {@code claimUid} with nothing else set. */
    public static AddressRequest forClaim(String claimUid) {
        return new AddressRequest(
                claimUid, "active", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of());
    }

    public AddressRequest withDnsName(String name) {
        return new AddressRequest(claimUid, status, tenant, Optional.of(name), description, tags, customFields);
    }

    public AddressRequest withTenant(String slug) {
        return new AddressRequest(claimUid, status, Optional.of(slug), dnsName, description, tags, customFields);
    }

    public AddressRequest withStatus(String value) {
        return new AddressRequest(claimUid, value, tenant, dnsName, description, tags, customFields);
    }

    public AddressRequest withDescription(String text) {
        return new AddressRequest(claimUid, status, tenant, dnsName, Optional.of(text), tags, customFields);
    }

    public AddressRequest withTags(List<String> slugs) {
        return new AddressRequest(claimUid, status, tenant, dnsName, description, slugs, customFields);
    }

    public AddressRequest withCustomFields(Map<String, Object> fields) {
        return new AddressRequest(claimUid, status, tenant, dnsName, description, tags, fields);
    }
}
