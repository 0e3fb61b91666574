package io.ipamoperator.machine;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ipamoperator.allocation.IpAddress;
import io.ipamoperator.allocation.IpFamily;
import io.ipamoperator.api.Conditions;
import io.ipamoperator.api.capi.CapiNames;
import io.ipamoperator.api.capi.V1Beta1Condition;
import io.ipamoperator.api.ionos.IonosCloudMachine;
import io.ipamoperator.api.ionos.IonosCloudMachineStatus;
import io.ipamoperator.events.ConditionTransition;
import io.ipamoperator.index.CachedClaim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The IPAM side of an IonosCloudMachine as a pure function: the machine, its claims (as the cache has them), the
 * addresses their IPAddresses hold and the time in; a {@link MachinePlan} out. No I/O: every rule is unit-tested.
 *
 * <p>Every claim of {@link NicClaims} that is missing is created (all in one pass); an existing claim of that name is
 * this machine's only if the machine owns it and it names the same pool, else it is a name collision; claims the
 * machine owns that its spec no longer asks for are released (those of a networkID listed twice are kept until the
 * spec is fixed); bound addresses are checked for their family. The status gets {@code machineNetworkInfo} (until
 * the server is provisioned, when the infrastructure provider reports it from the cloud) and the
 * {@code IPAddressesReady} condition with the most important problem, other conditions left as they are.
 */
public final class MachineDecider {

    public static final String CONDITION = "IPAddressesReady";
    /** The reason of {@link #CONDITION} while the last pass failed (a claim write refused, the API unreachable). */
    public static final String RECONCILE_FAILED = "ReconcileFailed";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private MachineDecider() {}

    /** Why a machine's addresses are not all there, most important first. */
    enum Reason {
        INVALID_POOL_REF("InvalidPoolRef", "Error"),
        DUPLICATE_NETWORK_ID("DuplicateNetworkID", "Error"),
        NAME_COLLISION("NameCollision", "Error"),
        ADDRESS_FAMILY_MISMATCH("AddressFamilyMismatch", "Error"),
        POOL_EXHAUSTED("PoolExhausted", "Warning"),
        POOL_NOT_FOUND("PoolNotFound", "Warning"),
        WAITING("WaitingForIPAddress", "Info");

        private final String text;
        private final String severity;

        Reason(String text, String severity) {
            this.text = text;
            this.severity = severity;
        }

        String text() {
            return text;
        }
    }

    record Problem(Reason reason, String message) {}

    /**
     * @param claimNamed the claim of that name in the machine's namespace, if any
     * @param owned the claims whose controller owner is this machine
     * @param addressOf the address the IPAddress of that name (in the machine's namespace) holds, if indexed
     */
    public static MachinePlan plan(
            IonosCloudMachine machine,
            Function<String, Optional<CachedClaim>> claimNamed,
            List<CachedClaim> owned,
            Function<String, Optional<IpAddress>> addressOf,
            Instant now) {
        NicClaims wanted = NicClaims.of(machine);
        List<Problem> problems = new ArrayList<>();
        wanted.invalidPoolRefs().forEach(message -> problems.add(new Problem(Reason.INVALID_POOL_REF, message)));
        wanted.duplicateNetworks().forEach(message -> problems.add(new Problem(Reason.DUPLICATE_NETWORK_ID, message)));
        List<NicClaim> create = new ArrayList<>();
        Map<String, String> bound = new LinkedHashMap<>();
        for (NicClaim nic : wanted.claims()) {
            Optional<CachedClaim> existing = claimNamed.apply(nic.claimName());
            if (existing.isEmpty()) {
                create.add(nic);
                problems.add(new Problem(Reason.WAITING, nic.claimName() + " created, waiting for an address"));
                continue;
            }
            claimProblem(machine, nic, existing.get(), addressOf, bound).ifPresent(problems::add);
        }
        Set<String> names = wanted.claims().stream().map(NicClaim::claimName).collect(Collectors.toSet());
        List<String> release = owned.stream()
                .filter(claim -> !names.contains(claim.name()) && !isDuplicateNetworkClaim(machine, claim))
                .map(CachedClaim::name)
                .toList();
        return withStatus(machine, create, release, bound, problems, now);
    }

    private static Optional<Problem> claimProblem(
            IonosCloudMachine machine,
            NicClaim nic,
            CachedClaim claim,
            Function<String, Optional<IpAddress>> addressOf,
            Map<String, String> bound) {
        if (!machine.getMetadata().getUid().equals(claim.controllerUid())
                || !Objects.equals(nic.poolRef().kind, claim.poolKind())
                || !Objects.equals(nic.poolRef().name, claim.poolName())) {
            return Optional.of(new Problem(
                    Reason.NAME_COLLISION,
                    "IPAddressClaim " + claim.name()
                            + " exists but is not this machine's claim for " + nic.poolRef().kind + " "
                            + nic.poolRef().name
                            + "; rename or delete it"));
        }
        if (claim.deleting() || claim.addressRef() == null) {
            if ("False".equals(claim.readyStatus()) && CapiNames.REASON_POOL_EXHAUSTED.equals(claim.readyReason())) {
                return Optional.of(new Problem(Reason.POOL_EXHAUSTED, claim.name() + ": " + claim.readyMessage()));
            }
            if ("False".equals(claim.readyStatus()) && CapiNames.REASON_POOL_NOT_READY.equals(claim.readyReason())) {
                return Optional.of(new Problem(Reason.POOL_NOT_FOUND, claim.name() + ": " + claim.readyMessage()));
            }
            return Optional.of(new Problem(Reason.WAITING, claim.name() + " is waiting for an address"));
        }
        Optional<IpAddress> address = addressOf.apply(claim.addressRef());
        if (address.isEmpty()) {
            return Optional.of(
                    new Problem(Reason.WAITING, claim.name() + " is waiting for IPAddress " + claim.addressRef()));
        }
        IpFamily expected = nic.family() == NicClaim.Family.IPV4 ? IpFamily.IPV4 : IpFamily.IPV6;
        if (address.get().family() != expected) {
            return Optional.of(new Problem(
                    Reason.ADDRESS_FAMILY_MISMATCH,
                    claim.name() + " got " + address.get() + ", not an " + expected + " address; check the pool "
                            + nic.poolRef().name));
        }
        bound.put(nic.claimName(), address.get().toString());
        return Optional.empty();
    }

    /** Claims of a networkID listed twice are kept (the spec still names that network) until the spec is fixed. */
    private static boolean isDuplicateNetworkClaim(IonosCloudMachine machine, CachedClaim claim) {
        return machine.getSpec().additionalNetworks != null
                && machine.getSpec().additionalNetworks.stream()
                        .anyMatch(network -> claim.name()
                                .startsWith("nic-" + machine.getMetadata().getName() + "-" + network.networkID + "-"));
    }

    private static MachinePlan withStatus(
            IonosCloudMachine machine,
            List<NicClaim> create,
            List<String> release,
            Map<String, String> bound,
            List<Problem> problems,
            Instant now) {
        IonosCloudMachineStatus status =
                machine.getStatus() == null ? new IonosCloudMachineStatus() : JSON.clone(machine.getStatus());
        boolean provisioned = machine.getSpec().providerID != null
                && !machine.getSpec().providerID.isEmpty();
        if (!provisioned) {
            status.machineNetworkInfo = new IonosCloudMachineStatus.MachineNetworkInfo();
            status.machineNetworkInfo.nicInfo = MachineAddresses.nicInfo(machine, bound);
        }
        Optional<Problem> worst = problems.stream().min((x, y) -> x.reason().compareTo(y.reason()));
        V1Beta1Condition before = status.conditions == null
                ? null
                : status.conditions.stream()
                        .filter(c -> CONDITION.equals(c.type))
                        .findFirst()
                        .orElse(null);
        status.conditions = Conditions.setV1Beta1(
                status.conditions,
                CONDITION,
                worst.isEmpty(),
                worst.map(problem -> problem.reason().text()).orElse(null),
                worst.map(Problem::message).orElse(null),
                worst.map(problem -> problem.reason().severity).orElse(null),
                now);
        V1Beta1Condition condition = status.conditions.get(status.conditions.size() - 1);
        if (Objects.equals(json(machine.getStatus()), json(status))) {
            return new MachinePlan(create, release, Optional.empty(), Optional.empty(), worst.isPresent());
        }
        Optional<ConditionTransition> transition = Optional.empty();
        if (before == null
                || !Objects.equals(before.reason, condition.reason)
                || !Objects.equals(before.status, condition.status)) {
            transition = Optional.of(worst.map(problem -> new ConditionTransition(
                            problem.reason() != Reason.WAITING,
                            CONDITION,
                            problem.reason().text(),
                            problem.message()))
                    .orElse(new ConditionTransition(
                            false, CONDITION, "IPAddressesBound", "every NIC has its addresses")));
        }
        return new MachinePlan(create, release, Optional.of(status), transition, worst.isPresent());
    }

    /**
     * The status that says a pass failed ({@code IPAddressesReady=False}, reason {@code ReconcileFailed}, severity
     * Error, the failure's message), other fields and conditions kept; empty when the status says so already.
     */
    public static Optional<IonosCloudMachineStatus> failed(IonosCloudMachine machine, String message, Instant now) {
        IonosCloudMachineStatus status =
                machine.getStatus() == null ? new IonosCloudMachineStatus() : JSON.clone(machine.getStatus());
        status.conditions = Conditions.setV1Beta1(
                status.conditions,
                CONDITION,
                false,
                RECONCILE_FAILED,
                "the last attempt failed, retrying with back-off: " + message,
                "Error",
                now);
        return Objects.equals(json(machine.getStatus()), json(status)) ? Optional.empty() : Optional.of(status);
    }

    private static String json(Object value) {
        return value == null ? null : JSON.asJson(value);
    }
}
