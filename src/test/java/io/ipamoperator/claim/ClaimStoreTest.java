package io.ipamoperator.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ipamoperator.api.capi.v1beta2.IPAddressClaim;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimStoreTest {

    private final ClaimStore<IPAddressClaim> store = new ClaimStore<>();
    private final List<String> seen = new ArrayList<>();

    @Test
    void aStoredClaimIsAnnouncedOnceTheStoreHoldsIt() {
        store.onChange(claim -> seen.add(claim.getMetadata().getName() + "@"
                + store.get("ns/" + claim.getMetadata().getName()).getMetadata().getResourceVersion()));

        store.put("ns/a", claim("a", "1"));
        store.put("ns/a", claim("a", "2"));

        assertThat(seen).containsExactly("a@1", "a@2");
    }

    @Test
    void aRemovedClaimIsAnnouncedWithItsLastState() {
        store.put("ns/a", claim("a", "7"));
        store.onChange(claim -> seen.add(claim.getMetadata().getName() + "@"
                + claim.getMetadata().getResourceVersion() + " stored: " + (store.get("ns/a") != null)));

        store.remove("ns/a");

        assertThat(seen).containsExactly("a@7 stored: false");
    }

    @Test
    void removingAClaimThatIsNotStoredAnnouncesNothing() {
        store.onChange(claim -> seen.add(claim.getMetadata().getName()));

        store.remove("ns/gone");

        assertThat(seen).isEmpty();
    }

    @Test
    void aClaimIsStoredWithoutItsManagedFields() {
        IPAddressClaim claim = claim("a", "1");
        claim.getMetadata()
                .setManagedFields(List.of(
                        new ManagedFieldsEntryBuilder().withManager("kubectl").build()));

        store.put("ns/a", claim);

        assertThat(store.get("ns/a").getMetadata().getManagedFields()).isNullOrEmpty();
    }

    private static IPAddressClaim claim(String name, String resourceVersion) {
        IPAddressClaim claim = new IPAddressClaim();
        claim.setMetadata(new ObjectMetaBuilder()
                .withNamespace("ns")
                .withName(name)
                .withResourceVersion(resourceVersion)
                .build());
        return claim;
    }
}
