package io.ipamoperator.claim;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.PoolState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes IPAddresses exactly as the contract asks: named like the claim, {@code claimRef}, {@code poolRef},
 * address / prefix / gateway, owner references to the claim (controller, blockOwnerDeletion) and to the pool
 * (not controller, blockOwnerDeletion), the claim's cluster-name label and the finalizer
 * {@code ipam.cluster.x-k8s.io/ProtectAddress}. The field names are the same in v1beta1 and v1beta2, so one
 * generic object serves both.
 */
@ApplicationScoped
public class AddressWriter {

    private final KubernetesClient client;

    @Inject
    public AddressWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the claim's IPAddress; fails like the API server does (409 if it exists). */
    public void create(
            String addressApiVersion,
            ClaimView claim,
            PoolId pool,
            PoolState poolState,
            PoolLayout layout,
            IpAddress address) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("claimRef", Map.of("name", claim.name()));
        spec.put(
                "poolRef",
                Map.of("apiGroup", CapiNames.IPAM_GROUP, "kind", pool.kind().kind(), "name", pool.name()));
        spec.put("address", address.toString());
        spec.put("prefix", layout.allocatedPrefixLength());
        layout.gateway().ifPresent(gateway -> spec.put("gateway", gateway.toString()));
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(addressApiVersion)
                .withKind("IPAddress")
                .withNewMetadata()
                .withName(claim.name())
                .withNamespace(claim.namespace())
                .withLabels(labels(claim, Map.of()))
                .withFinalizers(CapiNames.PROTECT_ADDRESS_FINALIZER)
                .withOwnerReferences(claimOwner(claim, true), poolOwner(pool, poolState))
                .endMetadata()
                .build();
        resource.setAdditionalProperty("spec", spec);
        addresses(addressApiVersion, claim.namespace()).resource(resource).create();
    }

    /**
     * Adopts an existing IPAddress of the claim's pool (restored from a backup, moved by clusterctl): keeps its
     * address and adds whatever owner references, finalizer and label are missing. True if it wrote anything.
     */
    public boolean adopt(String addressApiVersion, ClaimView claim, PoolId pool, PoolState poolState) {
        Resource<GenericKubernetesResource> resource =
                addresses(addressApiVersion, claim.namespace()).withName(claim.name());
        GenericKubernetesResource existing = resource.get();
        if (existing == null) {
            return false;
        }
        var metadata = existing.getMetadata();
        List<OwnerReference> owners = new ArrayList<>(
                Optional.ofNullable(metadata.getOwnerReferences()).orElse(List.of()));
        boolean changed = false;
        if (owners.stream().noneMatch(owner -> claim.uid().equals(owner.getUid()))) {
            boolean otherController = owners.stream().anyMatch(owner -> Boolean.TRUE.equals(owner.getController()));
            owners.add(claimOwner(claim, !otherController));
            changed = true;
        }
        if (poolState.uid() != null
                && owners.stream().noneMatch(owner -> poolState.uid().equals(owner.getUid()))) {
            owners.add(poolOwner(pool, poolState));
            changed = true;
        }
        List<String> finalizers =
                new ArrayList<>(Optional.ofNullable(metadata.getFinalizers()).orElse(List.of()));
        if (!finalizers.contains(CapiNames.PROTECT_ADDRESS_FINALIZER)) {
            finalizers.add(CapiNames.PROTECT_ADDRESS_FINALIZER);
            changed = true;
        }
        Map<String, String> labels =
                labels(claim, Optional.ofNullable(metadata.getLabels()).orElse(Map.of()));
        changed |= !labels.equals(Optional.ofNullable(metadata.getLabels()).orElse(Map.of()));
        if (!changed) {
            return false;
        }
        metadata.setOwnerReferences(owners);
        metadata.setFinalizers(finalizers);
        metadata.setLabels(labels);
        // carries the resourceVersion: a concurrent change makes this fail and the reconcile retry
        addresses(addressApiVersion, claim.namespace()).resource(existing).update();
        return true;
    }

    /**
     * Deletes the claim's IPAddress (removing its protection finalizer first) if it exists and references the
     * claim's pool; an IPAddress of another pool is left alone. Returns the released address, if any.
     */
    @SuppressWarnings("unchecked")
    public Optional<String> deleteClaimsAddress(String addressApiVersion, ClaimView claim, PoolId pool) {
        Resource<GenericKubernetesResource> resource =
                addresses(addressApiVersion, claim.namespace()).withName(claim.name());
        GenericKubernetesResource existing = resource.get();
        if (existing == null) {
            return Optional.empty();
        }
        Map<String, Object> spec =
                (Map<String, Object>) existing.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> poolRef = (Map<String, Object>) spec.getOrDefault("poolRef", Map.of());
        if (!pool.kind().kind().equals(poolRef.get("kind")) || !pool.name().equals(poolRef.get("name"))) {
            return Optional.empty();
        }
        List<String> finalizers =
                Optional.ofNullable(existing.getMetadata().getFinalizers()).orElse(List.of());
        if (finalizers.contains(CapiNames.PROTECT_ADDRESS_FINALIZER)) {
            List<String> remaining = new ArrayList<>(finalizers);
            remaining.remove(CapiNames.PROTECT_ADDRESS_FINALIZER);
            existing.getMetadata().setFinalizers(remaining);
            addresses(addressApiVersion, claim.namespace()).resource(existing).update();
        }
        resource.delete();
        return Optional.ofNullable((String) spec.get("address"));
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource,
                    io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            addresses(String apiVersion, String namespace) {
        return client.genericKubernetesResources(apiVersion, "IPAddress").inNamespace(namespace);
    }

    /** The claim's cluster-name label (from the label, or from {@code spec.clusterName}), added to {@code existing}. */
    private static Map<String, String> labels(ClaimView claim, Map<String, String> existing) {
        Map<String, String> labels = new HashMap<>(existing);
        claim.clusterName().ifPresent(cluster -> labels.put(CapiNames.CLUSTER_NAME_LABEL, cluster));
        return labels;
    }

    private static OwnerReference claimOwner(ClaimView claim, boolean controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion(claim.apiVersion())
                .withKind("IPAddressClaim")
                .withName(claim.name())
                .withUid(claim.uid())
                .withController(controller)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static OwnerReference poolOwner(PoolId pool, PoolState state) {
        return new OwnerReferenceBuilder()
                .withApiVersion(state.apiVersion())
                .withKind(pool.kind().kind())
                .withName(pool.name())
                .withUid(state.uid())
                .withController(false)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
