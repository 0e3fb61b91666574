package io.ipamoperator.bench.load;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a user's client does (create and delete claims), what the operator does per claim when replayed by hand (the
 * raw floor: finalizer, IPAddress, status), and a watch of the claims that notes when each one is bound. Contract
 * v1beta2; pools are InClusterIPPools.
 */
final class LoadClient implements AutoCloseable {

    static final String GROUP = "ipam.cluster.x-k8s.io";
    private static final String CLAIM_FINALIZER = GROUP + "/ReleaseAddress";
    private static final String ADDRESS_FINALIZER = GROUP + "/ProtectAddress";
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final KubernetesClient client;
    private final Map<String, Long> boundNanos = new ConcurrentHashMap<>();
    private final Set<String> claimKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> addressKeys = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<GenericKubernetesResource> claimWatch;
    private final SharedIndexInformer<GenericKubernetesResource> addressWatch;

    LoadClient(Path kubeconfig) throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        config.setMaxConcurrentRequests(256);
        config.setMaxConcurrentRequestsPerHost(256);
        client = new KubernetesClientBuilder().withConfig(config).build();
        claimWatch = claims().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource claim) {
                claimKeys.add(key(claim));
                noteBound(claim);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource claim) {
                noteBound(claim);
            }

            @Override
            public void onDelete(GenericKubernetesResource claim, boolean unknown) {
                claimKeys.remove(key(claim));
            }
        });
        addressWatch = addresses().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource address) {
                addressKeys.add(key(address));
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource address) {}

            @Override
            public void onDelete(GenericKubernetesResource address, boolean unknown) {
                addressKeys.remove(key(address));
            }
        });
    }

    record Claim(String namespace, String name, String pool) {
        String key() {
            return namespace + "/" + name;
        }
    }

    void namespace(String name) {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    /** Creates an InClusterIPPool; returns its uid. */
    String pool(String namespace, String name, String cidr, String gateway) {
        String json = """
                {"apiVersion":"%s/v1alpha2","kind":"InClusterIPPool","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"addresses":["%s"],"prefix":%s,"gateway":"%s"}}"""
                .formatted(GROUP, name, namespace, cidr, cidr.substring(cidr.indexOf('/') + 1), gateway);
        return pools().inNamespace(namespace).resource(parse(json)).create().getMetadata().getUid();
    }

    void deletePool(String namespace, String name) {
        pools().inNamespace(namespace).withName(name).delete();
    }

    /** Creates the claim; returns its uid. */
    String create(Claim claim) {
        String json = """
                {"apiVersion":"%s/v1beta2","kind":"IPAddressClaim","metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"poolRef":{"apiGroup":"%s","kind":"InClusterIPPool","name":"%s"}}}"""
                .formatted(GROUP, claim.name(), claim.namespace(), GROUP, claim.pool());
        return claims().inNamespace(claim.namespace()).resource(parse(json)).create().getMetadata().getUid();
    }

    /**
     * The four writes that bind a claim, done by the client itself: what the operator cannot do with fewer. The
     * status is the one the operator writes, so that claims bound here look like the operator's own after a restart.
     */
    void bindByHand(Claim claim, String poolUid, String address) {
        String uid = create(claim);
        claim(claim).patch(MERGE, "{\"metadata\":{\"finalizers\":[\"" + CLAIM_FINALIZER + "\"]}}");
        createAddress(claim, uid, poolUid, address);
        String status = """
                {"status":{"addressRef":{"name":"%1$s"},"conditions":[{"type":"Ready","status":"True",
                 "reason":"AddressAllocated","message":"bound to IPAddress %1$s","lastTransitionTime":"%2$s"}]}}"""
                .formatted(claim.name(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        claim(claim).subresource("status").patch(MERGE, status);
    }

    /**
     * The claim's IPAddress as the operator writes it; without the claim's owner reference when {@code claimUid} is
     * null (an IPAddress whose claim was never created).
     */
    void createAddress(Claim claim, String claimUid, String poolUid, String address) {
        String claimOwner = claimUid == null ? "" : """
                {"apiVersion":"%1$s/v1beta2","kind":"IPAddressClaim","name":"%2$s","uid":"%3$s","controller":true,"blockOwnerDeletion":true},"""
                .formatted(GROUP, claim.name(), claimUid);
        String json = """
                {"apiVersion":"%1$s/v1beta2","kind":"IPAddress","metadata":{"name":"%2$s","namespace":"%3$s",
                  "finalizers":["%4$s"],
                  "ownerReferences":[%5$s
                   {"apiVersion":"%1$s/v1alpha2","kind":"InClusterIPPool","name":"%6$s","uid":"%7$s","controller":false,"blockOwnerDeletion":true}]},
                 "spec":{"claimRef":{"name":"%2$s"},"poolRef":{"apiGroup":"%1$s","kind":"InClusterIPPool","name":"%6$s"},
                  "address":"%8$s","prefix":8,"gateway":"10.0.0.1"}}"""
                .formatted(GROUP, claim.name(), claim.namespace(), ADDRESS_FINALIZER, claimOwner, claim.pool(), poolUid,
                        address);
        addresses().inNamespace(claim.namespace()).resource(parse(json)).create();
    }

    /** The four writes that release a bound claim, done by the client itself. */
    void releaseByHand(Claim claim) {
        claim(claim).delete();
        Resource<GenericKubernetesResource> address = addresses().inNamespace(claim.namespace()).withName(claim.name());
        address.patch(MERGE, "{\"metadata\":{\"finalizers\":null}}");
        address.delete();
        claim(claim).patch(MERGE, "{\"metadata\":{\"finalizers\":null}}");
    }

    void delete(Claim claim) {
        claim(claim).delete();
    }

    /** When the claim was first seen with {@code status.addressRef} (System.nanoTime), if it was. */
    Optional<Long> boundAt(Claim claim) {
        return Optional.ofNullable(boundNanos.get(claim.key()));
    }

    void forget(Claim claim) {
        boundNanos.remove(claim.key());
    }

    /** True while the watches still see the claim or its IPAddress (read from the watches, not the API server). */
    boolean exists(Claim claim) {
        return claimKeys.contains(claim.key()) || addressKeys.contains(claim.key());
    }

    /**
     * What is wrong with the namespace's IPAddresses against the claims: an address held twice in one pool, a claim
     * bound to another name than its own, an IPAddress without a claim or a claim without one. Empty when all is
     * consistent.
     */
    @SuppressWarnings("unchecked")
    List<String> inconsistencies(String namespace) {
        List<String> problems = new java.util.ArrayList<>();
        Map<String, String> holders = new HashMap<>();
        Map<String, GenericKubernetesResource> claimsByName = new HashMap<>();
        claims().inNamespace(namespace).list().getItems()
                .forEach(claim -> claimsByName.put(claim.getMetadata().getName(), claim));
        for (GenericKubernetesResource address : addresses().inNamespace(namespace).list().getItems()) {
            Map<String, Object> spec = (Map<String, Object>) address.getAdditionalProperties().get("spec");
            String pool = String.valueOf(((Map<String, Object>) spec.get("poolRef")).get("name"));
            String holder = holders.put(pool + " " + spec.get("address"), address.getMetadata().getName());
            if (holder != null) {
                problems.add(spec.get("address") + " held twice in pool " + pool + ": " + holder + ", "
                        + address.getMetadata().getName());
            }
            if (claimsByName.remove(address.getMetadata().getName()) == null) {
                problems.add("IPAddress " + namespace + "/" + address.getMetadata().getName() + " has no claim");
            }
        }
        claimsByName.keySet().forEach(name -> problems.add("claim " + namespace + "/" + name + " has no IPAddress"));
        return problems;
    }

    private static String key(GenericKubernetesResource object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private void noteBound(GenericKubernetesResource claim) {
        Object status = claim.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("addressRef") instanceof Map<?, ?> ref && ref.get("name") != null) {
            boundNanos.putIfAbsent(key(claim), System.nanoTime());
        }
    }

    private Resource<GenericKubernetesResource> claim(Claim claim) {
        return claims().inNamespace(claim.namespace()).withName(claim.name());
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            claims() {
        return client.genericKubernetesResources(GROUP + "/v1beta2", "IPAddressClaim");
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            addresses() {
        return client.genericKubernetesResources(GROUP + "/v1beta2", "IPAddress");
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            pools() {
        return client.genericKubernetesResources(GROUP + "/v1alpha2", "InClusterIPPool");
    }

    private GenericKubernetesResource parse(String json) {
        return client.getKubernetesSerialization().unmarshal(json, GenericKubernetesResource.class);
    }

    @Override
    public void close() {
        claimWatch.stop();
        addressWatch.stop();
        client.close();
    }
}
