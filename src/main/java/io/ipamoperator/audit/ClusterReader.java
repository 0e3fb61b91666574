package io.ipamoperator.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ipamoperator.allocation.IpPoolDefinition;
import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.allocation.PrefixPoolDefinition;
import io.ipamoperator.api.pool.GlobalInClusterIPPool;
import io.ipamoperator.api.pool.GlobalInClusterPrefixPool;
import io.ipamoperator.api.pool.InClusterIPPool;
import io.ipamoperator.api.pool.InClusterPrefixPool;
import io.ipamoperator.api.pool.PoolSpecs;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.identity.PoolKind;
import io.ipamoperator.index.AddressRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads what the audit needs straight from the API server (one list per kind), in the IPAM contract version the
 * cluster serves: it needs no running operator, so it also audits a cluster whose operator is down.
 */
final class ClusterReader {

    private final KubernetesClient client;
    private final IpamContract contract;

    ClusterReader(KubernetesClient client) {
        this.client = client;
        this.contract = IpamContract.discover(client);
    }

    IpamContract contract() {
        return contract;
    }

    AuditInput read() {
        List<AuditInput.Pool> pools = new ArrayList<>();
        pools.addAll(pools(
                InClusterIPPool.class,
                pool -> IpPoolDefinition.validate(PoolSpecs.ipPool(
                                pool.getSpec(), pool.getMetadata().getNamespace()))
                        .definition()));
        pools.addAll(pools(
                GlobalInClusterIPPool.class,
                pool -> IpPoolDefinition.validate(PoolSpecs.ipPool(pool.getSpec(), null))
                        .definition()));
        pools.addAll(pools(
                InClusterPrefixPool.class,
                pool -> PrefixPoolDefinition.validate(PoolSpecs.prefixPool(pool.getSpec()))
                        .definition()));
        pools.addAll(pools(
                GlobalInClusterPrefixPool.class,
                pool -> PrefixPoolDefinition.validate(PoolSpecs.prefixPool(pool.getSpec()))
                        .definition()));
        List<AddressRecord> addresses = list("IPAddress").stream()
                .map(AddressRecord::of)
                .filter(address -> address.poolId().isPresent())
                .toList();
        List<AuditInput.Claim> claims = list("IPAddressClaim").stream()
                .flatMap(claim -> claim(claim).stream())
                .toList();
        return new AuditInput(pools, addresses, claims);
    }

    /** Every pool of one kind (namespaced or not: listed in all namespaces), with its layout if its spec is valid. */
    private <P extends HasMetadata> List<AuditInput.Pool> pools(
            Class<P> kind, Function<P, Optional<? extends PoolLayout>> layout) {
        return client.resources(kind).inAnyNamespace().list().getItems().stream()
                .map(pool ->
                        new AuditInput.Pool(PoolId.of(pool), layout.apply(pool).map(PoolLayout.class::cast)))
                .toList();
    }

    private List<GenericKubernetesResource> list(String kind) {
        return client.genericKubernetesResources(contract.apiVersion(), kind)
                .inAnyNamespace()
                .list()
                .getItems();
    }

    /** A claim of one of our pool kinds (v1beta1 and v1beta2 name the fields alike); empty for other claims. */
    @SuppressWarnings("unchecked")
    static Optional<AuditInput.Claim> claim(GenericKubernetesResource claim) {
        Map<String, Object> spec =
                (Map<String, Object>) claim.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> poolRef = (Map<String, Object>) spec.getOrDefault("poolRef", Map.of());
        Optional<PoolKind> kind = PoolKind.of((String) poolRef.get("apiGroup"), (String) poolRef.get("kind"));
        if (kind.isEmpty() || poolRef.get("name") == null) {
            return Optional.empty();
        }
        Map<String, Object> status =
                (Map<String, Object>) claim.getAdditionalProperties().getOrDefault("status", Map.of());
        Map<String, Object> addressRef = (Map<String, Object>) status.getOrDefault("addressRef", Map.of());
        Optional<String> reason = ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of()))
                .stream()
                        .filter(condition -> "Ready".equals(condition.get("type")))
                        .map(condition -> (String) condition.get("reason"))
                        .filter(value -> value != null && !value.isEmpty())
                        .findFirst();
        String namespace = claim.getMetadata().getNamespace();
        return Optional.of(new AuditInput.Claim(
                namespace,
                claim.getMetadata().getName(),
                PoolId.referenced(kind.get(), namespace, (String) poolRef.get("name")),
                claim.getMetadata().getDeletionTimestamp() != null,
                Optional.ofNullable((String) addressRef.get("name")).filter(name -> !name.isEmpty()),
                reason));
    }
}
