package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.Cache;
import io.ipamoperator.index.GenericInformers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The IPAddressClaims of IonosCloudMachines, in the served contract version: a cache (informer) to read them,
 * and the writes the machine reconciler makes — create a claim exactly as the IONOS provider does, release one.
 * Every change of a claim owned by a machine is reported to the listeners as (namespace, machine name).
 */
@ApplicationScoped
public class MachineClaims implements Cache {

    static final String KIND = "IonosCloudMachine";

    @Inject
    KubernetesClient client;

    @Inject
    IpamContract contract;

    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    /** What the machine reconciler reads of a claim. */
    public record ClaimState(
            String name,
            String ownerName,
            String ownerUid,
            String poolApiGroup,
            String poolKind,
            String poolName,
            String addressRef,
            String readyStatus,
            String readyReason,
            String readyMessage,
            boolean deleting) {}

    public void onMachineClaimChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    private volatile boolean wanted;

    @Override
    public String name() {
        return "IPAddressClaims of IonosCloudMachines";
    }

    /** The machine reconciler runs: this cache is started with the others. */
    void enable() {
        wanted = true;
    }

    @Override
    public boolean wanted() {
        return wanted;
    }

    @Override
    public boolean hasStopped() {
        SharedIndexInformer<GenericKubernetesResource> current = informer;
        return current != null && !current.isRunning();
    }

    @Override
    public synchronized void start() {
        if (informer != null) {
            return;
        }
        informer = GenericInformers.start(client, contract.apiVersion(), "IPAddressClaim", this::changed);
    }

    public synchronized boolean isStarted() {
        return informer != null;
    }

    public Optional<ClaimState> get(String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name))
                .map(MachineClaims::state);
    }

    /** Every claim whose controller owner is the machine with {@code uid}, found by owner reference. */
    public List<ClaimState> ownedBy(String namespace, String uid) {
        List<ClaimState> owned = new ArrayList<>();
        for (GenericKubernetesResource claim : informer.getStore().list()) {
            if (namespace.equals(claim.getMetadata().getNamespace())
                    && uid.equals(controller(claim).map(OwnerReference::getUid).orElse(null))) {
                owned.add(state(claim));
            }
        }
        return owned;
    }

    /** Creates the claim as the IONOS provider would; an existing claim of that name is left alone (409). */
    public void create(IonosCloudMachine machine, NicClaim nic) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(
                "poolRef",
                Map.of("apiGroup", nic.poolRef().apiGroup, "kind", nic.poolRef().kind, "name", nic.poolRef().name));
        String cluster = clusterName(machine);
        Map<String, String> labels = new LinkedHashMap<>();
        if (cluster != null) {
            spec.put("clusterName", cluster);
            labels.put(CapiNames.CLUSTER_NAME_LABEL, cluster);
        }
        GenericKubernetesResource claim = new GenericKubernetesResourceBuilder()
                .withApiVersion(contract.apiVersion())
                .withKind("IPAddressClaim")
                .withNewMetadata()
                .withName(nic.claimName())
                .withNamespace(machine.getMetadata().getNamespace())
                .withLabels(labels)
                .withFinalizers(IonosCloudMachine.FINALIZER)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(machine.getApiVersion())
                        .withKind(KIND)
                        .withName(machine.getMetadata().getName())
                        .withUid(machine.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .build();
        claim.setAdditionalProperty("spec", spec);
        try {
            client.genericKubernetesResources(contract.apiVersion(), "IPAddressClaim")
                    .inNamespace(machine.getMetadata().getNamespace())
                    .resource(claim)
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Removes the machine finalizer from the claim and deletes it; a claim already gone is fine. */
    public void release(String namespace, String name) {
        var resource = client.genericKubernetesResources(contract.apiVersion(), "IPAddressClaim")
                .inNamespace(namespace)
                .withName(name);
        GenericKubernetesResource claim = resource.get();
        if (claim == null) {
            return;
        }
        List<String> finalizers = new ArrayList<>(
                Optional.ofNullable(claim.getMetadata().getFinalizers()).orElse(List.of()));
        if (finalizers.remove(IonosCloudMachine.FINALIZER)) {
            claim.getMetadata().setFinalizers(finalizers);
            client.genericKubernetesResources(contract.apiVersion(), "IPAddressClaim")
                    .inNamespace(namespace)
                    .resource(claim)
                    .update();
        }
        resource.delete();
    }

    static String clusterName(IonosCloudMachine machine) {
        Map<String, String> labels = machine.getMetadata().getLabels();
        return labels == null ? null : labels.get(CapiNames.CLUSTER_NAME_LABEL);
    }

    @SuppressWarnings("unchecked")
    private static ClaimState state(GenericKubernetesResource claim) {
        Map<String, Object> spec =
                (Map<String, Object>) claim.getAdditionalProperties().getOrDefault("spec", Map.of());
        Map<String, Object> poolRef = (Map<String, Object>) spec.getOrDefault("poolRef", Map.of());
        Map<String, Object> status =
                (Map<String, Object>) claim.getAdditionalProperties().getOrDefault("status", Map.of());
        Map<String, Object> addressRef = (Map<String, Object>) status.getOrDefault("addressRef", Map.of());
        Map<String, Object> ready = ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of()))
                .stream()
                        .filter(condition -> CapiNames.READY_CONDITION.equals(condition.get("type")))
                        .findFirst()
                        .orElse(Map.of());
        Optional<OwnerReference> owner = controller(claim);
        return new ClaimState(
                claim.getMetadata().getName(),
                owner.map(OwnerReference::getName).orElse(null),
                owner.map(OwnerReference::getUid).orElse(null),
                (String) poolRef.get("apiGroup"),
                (String) poolRef.get("kind"),
                (String) poolRef.get("name"),
                (String) addressRef.get("name"),
                (String) ready.get("status"),
                (String) ready.get("reason"),
                (String) ready.get("message"),
                claim.getMetadata().getDeletionTimestamp() != null);
    }

    private static Optional<OwnerReference> controller(GenericKubernetesResource claim) {
        return Optional.ofNullable(claim.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController()) && KIND.equals(owner.getKind()))
                .findFirst();
    }

    private void changed(GenericKubernetesResource claim) {
        controller(claim)
                .ifPresent(owner -> listeners.forEach(
                        listener -> listener.accept(claim.getMetadata().getNamespace(), owner.getName())));
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.stop();
        }
    }
}
