package io.ipamoperator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipamoperator.audit.AuditReport.Finding;
import io.ipamoperator.audit.AuditReport.PoolRow;
import io.ipamoperator.identity.PoolId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit report as a person reads it (a table per section) or as a script reads it (JSON). */
final class AuditPrinter {

    private AuditPrinter() {}

    static String table(AuditReport report, String contract) {
        StringBuilder out = new StringBuilder();
        List<List<String>> pools = new ArrayList<>();
        pools.add(List.of("POOL", "STATE", "ADDRESSES", "ORPHANED", "LOST", "UNBOUND", "OUT-OF-RANGE", "DUPLICATES"));
        for (PoolRow row : report.pools()) {
            pools.add(List.of(
                    row.pool().toString(),
                    row.state(),
                    Integer.toString(row.addresses()),
                    Integer.toString(row.orphaned()),
                    Integer.toString(row.lost()),
                    Integer.toString(row.unbound()),
                    Integer.toString(row.outOfRange()),
                    Integer.toString(row.duplicates())));
        }
        columns(out, pools);
        if (!report.findings().isEmpty()) {
            out.append('\n');
            List<List<String>> findings = new ArrayList<>();
            findings.add(List.of("FINDING", "POOL", "OBJECT", "DETAIL"));
            for (Finding finding : report.findings()) {
                findings.add(
                        List.of(finding.kind().label(), finding.pool().toString(), finding.object(), finding.detail()));
            }
            columns(out, findings);
        }
        out.append('\n');
        long leaks = report.findings().stream().filter(f -> f.kind().leak()).count();
        out.append(
                leaks == 0
                        ? "Consistent: no address leaked (IPAM contract " + contract + ")."
                        : leaks + " finding(s) need a look (IPAM contract " + contract + "). 'audit --repair' lists"
                                + " what a repair would delete; nothing is changed without --confirm.");
        out.append('\n');
        return out.toString();
    }

    static String json(AuditReport report, String contract, List<RepairAction> repair) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("contract", contract);
        root.put("consistent", report.consistent());
        root.put(
                "pools",
                report.pools().stream()
                        .map(row -> {
                            Map<String, Object> pool = pool(row.pool());
                            pool.put("state", row.state());
                            pool.put("addresses", row.addresses());
                            pool.put("orphaned", row.orphaned());
                            pool.put("lost", row.lost());
                            pool.put("unbound", row.unbound());
                            pool.put("outOfRange", row.outOfRange());
                            pool.put("duplicates", row.duplicates());
                            return pool;
                        })
                        .toList());
        root.put(
                "findings",
                report.findings().stream()
                        .map(finding -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("kind", finding.kind().label());
                            entry.put("pool", pool(finding.pool()));
                            entry.put("objectKind", finding.objectKind());
                            entry.put("namespace", finding.namespace());
                            entry.put("name", finding.name());
                            entry.put("detail", finding.detail());
                            return entry;
                        })
                        .toList());
        if (repair != null) {
            root.put(
                    "repair",
                    repair.stream()
                            .map(action -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("object", action.object());
                                entry.put("outcome", action.outcome().label());
                                entry.put("detail", action.detail());
                                return entry;
                            })
                            .toList());
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the audit report could not be written as JSON", e);
        }
    }

    static String repair(List<RepairAction> actions, boolean confirmed) {
        StringBuilder out = new StringBuilder();
        if (actions.isEmpty()) {
            return "Nothing to repair.\n";
        }
        out.append(confirmed ? "Repair:\n" : "Repair plan (dry run; add --confirm to apply):\n");
        for (RepairAction action : actions) {
            out.append("  ")
                    .append(action.outcome().label())
                    .append(' ')
                    .append(action.object())
                    .append(": ")
                    .append(action.detail())
                    .append('\n');
        }
        return out.toString();
    }

    private static Map<String, Object> pool(PoolId id) {
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("kind", id.kind().kind());
        if (id.namespace() != null) {
            pool.put("namespace", id.namespace());
        }
        pool.put("name", id.name());
        return pool;
    }

    private static void columns(StringBuilder out, List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
