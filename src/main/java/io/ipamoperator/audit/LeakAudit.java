package io.ipamoperator.audit;

import io.ipamoperator.allocation.PoolLayout;
import io.ipamoperator.audit.AuditReport.Finding;
import io.ipamoperator.audit.AuditReport.Kind;
import io.ipamoperator.audit.AuditReport.PoolRow;
import io.ipamoperator.identity.PoolId;
import io.ipamoperator.index.AddressRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leak audit as a pure function of what the cluster holds (in the manner of Calico's {@code calicoctl ipam
 * check}): per pool, IPAddresses whose claim is gone, claims bound to an IPAddress that is gone, claims not bound
 * yet, IPAddresses outside their pool, addresses held twice, and IPAddresses of pools that do not exist. One pass over
 * the addresses and one over the claims: O(n) in the objects read.
 */
public final class LeakAudit {

    private LeakAudit() {}

    public static AuditReport audit(AuditInput input) {
        Map<PoolId, Optional<PoolLayout>> pools = new HashMap<>();
        input.pools().forEach(pool -> pools.put(pool.id(), pool.layout()));
        Set<String> claims = new HashSet<>();
        input.claims().forEach(claim -> claims.add(claim.key()));
        Map<String, AddressRecord> addressesByKey = new HashMap<>();
        Map<PoolId, Integer> addressCounts = new HashMap<>();
        Map<PoolId, Map<String, List<AddressRecord>>> holders = new HashMap<>();
        List<Finding> findings = new ArrayList<>();

        for (AddressRecord address : input.addresses()) {
            Optional<PoolId> poolId = address.poolId();
            if (poolId.isEmpty()) {
                continue;
            }
            PoolId pool = poolId.get();
            addressesByKey.put(address.key(), address);
            addressCounts.merge(pool, 1, Integer::sum);
            String claim = address.claimName() == null ? null : address.namespace() + "/" + address.claimName();
            if (claim == null || !claims.contains(claim)) {
                findings.add(new Finding(
                        Kind.ORPHANED_ADDRESS,
                        pool,
                        "IPAddress",
                        address.namespace(),
                        address.name(),
                        address.address() + ": its claim " + (claim == null ? "(none named)" : claim)
                                + " does not exist"));
            }
            if (!pools.containsKey(pool)) {
                findings.add(new Finding(
                        Kind.MISSING_POOL,
                        pool,
                        "IPAddress",
                        address.namespace(),
                        address.name(),
                        address.address() + ": its pool " + pool + " does not exist"));
                continue;
            }
            Optional<PoolLayout> layout = pools.get(pool);
            if (layout.isEmpty()) {
                continue; // an invalid spec: its Ready condition says why; no range to check against
            }
            int prefix = address.prefix() == null ? -1 : address.prefix();
            Optional<String> outside = address.parsedAddress()
                    .map(parsed -> layout.get().whyNotAllocatable(parsed, prefix))
                    .orElse(Optional.of(address.address() + " is not an IP address"));
            if (outside.isPresent()) {
                findings.add(new Finding(
                        Kind.OUT_OF_RANGE, pool, "IPAddress", address.namespace(), address.name(), outside.get()));
            } else {
                String held = address.parsedAddress().orElseThrow() + "/" + prefix;
                holders.computeIfAbsent(pool, any -> new TreeMap<>())
                        .computeIfAbsent(held, any -> new ArrayList<>())
                        .add(address);
            }
        }
        holders.forEach((pool, byAddress) -> byAddress.forEach((address, sharing) -> {
            if (sharing.size() > 1) {
                String keys = String.join(
                        ", ", sharing.stream().map(AddressRecord::key).sorted().toList());
                sharing.forEach(record -> findings.add(new Finding(
                        Kind.DUPLICATE,
                        pool,
                        "IPAddress",
                        record.namespace(),
                        record.name(),
                        address.substring(0, address.indexOf('/')) + " is held by " + keys)));
            }
        }));

        for (AuditInput.Claim claim : input.claims()) {
            if (claim.deleting() || addressesByKey.containsKey(claim.key())) {
                continue;
            }
            if (claim.addressRef().isPresent()) {
                findings.add(new Finding(
                        Kind.LOST_ADDRESS,
                        claim.pool(),
                        "IPAddressClaim",
                        claim.namespace(),
                        claim.name(),
                        "bound to IPAddress " + claim.namespace() + "/"
                                + claim.addressRef().get() + ", which does not exist"));
            } else {
                findings.add(new Finding(
                        Kind.UNBOUND_CLAIM,
                        claim.pool(),
                        "IPAddressClaim",
                        claim.namespace(),
                        claim.name(),
                        "no address yet"
                                + claim.readyReason()
                                        .map(reason -> " (" + reason + ")")
                                        .orElse("")));
            }
        }

        findings.sort(Comparator.comparing((Finding finding) -> finding.pool().toString())
                .thenComparing(Finding::kind)
                .thenComparing(Finding::object));
        return new AuditReport(rows(pools, addressCounts, findings), findings);
    }

    private static List<PoolRow> rows(
            Map<PoolId, Optional<PoolLayout>> pools, Map<PoolId, Integer> addressCounts, List<Finding> findings) {
        Map<PoolId, Map<Kind, Integer>> counts = new LinkedHashMap<>();
        pools.keySet().forEach(pool -> counts.put(pool, new EnumMap<>(Kind.class)));
        findings.forEach(finding -> counts.computeIfAbsent(finding.pool(), any -> new EnumMap<>(Kind.class))
                .merge(finding.kind(), 1, Integer::sum));
        return counts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(PoolId::toString)))
                .map(entry -> {
                    PoolId pool = entry.getKey();
                    Map<Kind, Integer> byKind = entry.getValue();
                    String state = !pools.containsKey(pool)
                            ? AuditReport.MISSING
                            : pools.get(pool).isPresent() ? AuditReport.VALID : AuditReport.INVALID;
                    return new PoolRow(
                            pool,
                            state,
                            addressCounts.getOrDefault(pool, 0),
                            byKind.getOrDefault(Kind.ORPHANED_ADDRESS, 0),
                            byKind.getOrDefault(Kind.LOST_ADDRESS, 0),
                            byKind.getOrDefault(Kind.UNBOUND_CLAIM, 0),
                            byKind.getOrDefault(Kind.OUT_OF_RANGE, 0),
                            byKind.getOrDefault(Kind.DUPLICATE, 0));
                })
                .toList();
    }
}
