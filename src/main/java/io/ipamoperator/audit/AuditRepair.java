package io.ipamoperator.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.audit.AuditReport.Finding;
import io.ipamoperator.identity.IpamContract;
import io.ipamoperator.index.AddressRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The opt-in repair: deletes IPAddresses whose claim does not exist, and nothing else. Each is looked at again
 * right before: if its claim exists by then, or the IPAddress changed since the audit read it, it is kept. The
 * {@code ProtectAddress} finalizer is removed with the IPAddress's resourceVersion, so a concurrent change makes the
 * write fail (the IPAddress is kept) instead of overwriting it. Without {@code confirm} nothing is written.
 */
final class AuditRepair {

    private final KubernetesClient client;
    private final IpamContract contract;

    AuditRepair(KubernetesClient client, IpamContract contract) {
        this.client = client;
        this.contract = contract;
    }

    List<RepairAction> repair(AuditReport report, boolean confirm) {
        List<RepairAction> actions = new ArrayList<>();
        for (Finding orphan : report.repairable()) {
            actions.add(repair(orphan, confirm));
        }
        return actions;
    }

    private RepairAction repair(Finding orphan, boolean confirm) {
        var addresses = client.genericKubernetesResources(contract.apiVersion(), "IPAddress")
                .inNamespace(orphan.namespace());
        GenericKubernetesResource live = addresses.withName(orphan.name()).get();
        if (live == null) {
            return new RepairAction(orphan.object(), RepairAction.Outcome.KEPT, "already gone");
        }
        AddressRecord record = AddressRecord.of(live);
        if (record.claimName() != null && claimExists(orphan.namespace(), record.claimName())) {
            return new RepairAction(
                    orphan.object(),
                    RepairAction.Outcome.KEPT,
                    "its claim " + orphan.namespace() + "/" + record.claimName() + " exists now");
        }
        String detail = record.address() + " goes back to " + orphan.pool() + " (its claim "
                + (record.claimName() == null ? "is not named" : "does not exist") + ")";
        if (!confirm) {
            return new RepairAction(orphan.object(), RepairAction.Outcome.WOULD_DELETE, detail);
        }
        try {
            List<String> finalizers = live.getMetadata().getFinalizers();
            if (finalizers != null && finalizers.contains(CapiNames.PROTECT_ADDRESS_FINALIZER)) {
                live.getMetadata()
                        .setFinalizers(finalizers.stream()
                                .filter(f -> !Objects.equals(f, CapiNames.PROTECT_ADDRESS_FINALIZER))
                                .toList());
                live = addresses.resource(live).update(); // carries the resourceVersion read above: 409 if changed
            }
            addresses.resource(live).delete();
            return new RepairAction(orphan.object(), RepairAction.Outcome.DELETED, detail);
        } catch (KubernetesClientException e) {
            return new RepairAction(
                    orphan.object(),
                    RepairAction.Outcome.KEPT,
                    "changed while being repaired (" + e.getCode() + "); run the audit again");
        }
    }

    private boolean claimExists(String namespace, String name) {
        return client.genericKubernetesResources(contract.apiVersion(), "IPAddressClaim")
                        .inNamespace(namespace)
                        .withName(name)
                        .get()
                != null;
    }
}
