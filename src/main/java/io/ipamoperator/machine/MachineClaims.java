package io.ipamoperator.machine;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpFamily;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.identity.IpamContract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writes the IonosCloudMachine reconciler makes to its IPAddressClaims, in the served contract version: create
 * a claim exactly as the IONOS provider does, release one. (It reads them from the claim controller's cache.)
 */
@ApplicationScoped
public class MachineClaims {

    static final String KIND = "IonosCloudMachine";

    private final KubernetesClient client;
    private final IpamContract contract;

    @Inject
    public MachineClaims(KubernetesClient client, IpamContract contract) {
        this.client = client;
        this.contract = contract;
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
        Map<String, String> annotations = new LinkedHashMap<>();
        requestedAddress(machine, nic)
                .ifPresent(address -> annotations.put(CapiNames.REQUESTED_ADDRESS_ANNOTATION, address));
        GenericKubernetesResource claim = new GenericKubernetesResourceBuilder()
                .withApiVersion(contract.apiVersion())
                .withKind("IPAddressClaim")
                .withNewMetadata()
                .withName(nic.claimName())
                .withNamespace(machine.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
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

    /**
     * The address the machine's {@code ipam.cluster.x-k8s.io/requested-address} annotation asks for on the primary
     * NIC in {@code nic}'s family (the annotation lists at most one address per family, comma-separated); the
     * claim carries it on. Additional NICs take no requested address from the machine.
     */
    static Optional<String> requestedAddress(IonosCloudMachine machine, NicClaim nic) {
        Map<String, String> annotations = machine.getMetadata().getAnnotations();
        String requested = annotations == null ? null : annotations.get(CapiNames.REQUESTED_ADDRESS_ANNOTATION);
        if (requested == null || nic.nicIndex() != 0) {
            return Optional.empty();
        }
        IpFamily family = nic.family() == NicClaim.Family.IPV4 ? IpFamily.IPV4 : IpFamily.IPV6;
        return java.util.Arrays.stream(requested.split(","))
                .map(String::trim)
                .filter(entry -> IpAddress.parse(entry)
                        .filter(address -> address.family() == family)
                        .isPresent())
                .findFirst();
    }

    static String clusterName(IonosCloudMachine machine) {
        Map<String, String> labels = machine.getMetadata().getLabels();
        return labels == null ? null : labels.get(CapiNames.CLUSTER_NAME_LABEL);
    }
}
