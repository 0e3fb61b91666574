package io.ipamoperator.audit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ipamoperator.runtime.StandaloneClient;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code audit [--output table|json] [--repair [--confirm]]}: the leak audit of the cluster the kubeconfig (or the
 * pod's service account) points at, without starting the operator. Exit code 0 when nothing leaked, 1 when
 * something did, 2 when the audit could not run (bad arguments, no cluster, no IPAM API).
 */
public final class AuditCommand {

    static final String USAGE = "usage: audit [--output table|json] [--repair [--confirm]]\n"
            + "  Reports, per pool, IPAddresses whose claim is gone (orphaned), claims bound to a missing IPAddress"
            + " (lost),\n  claims not bound yet (unbound), addresses outside their pool (out-of-range) and addresses"
            + " held twice.\n  --repair lists what a repair would delete (only orphaned IPAddresses); --repair"
            + " --confirm deletes them.\n";

    private AuditCommand() {}

    /** Runs the audit against the configured cluster and returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.print(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(USAGE);
            return 0;
        }
        try (KubernetesClient client = StandaloneClient.build()) {
            return run(client, options, out);
        } catch (KubernetesClientException | IllegalStateException e) {
            err.println("audit failed: " + e.getMessage()
                    + "\nCheck KUBECONFIG (or the pod's service account) and that the IPAM CRDs are installed.");
            return 2;
        }
    }

    static int run(KubernetesClient client, Options options, PrintStream out) {
        ClusterReader reader = new ClusterReader(client);
        AuditReport report = LeakAudit.audit(reader.read());
        String contract = reader.contract().apiVersion();
        List<RepairAction> repair =
                options.repair() ? new AuditRepair(client, reader.contract()).repair(report, options.confirm()) : null;
        if (options.json()) {
            out.print(AuditPrinter.json(report, contract, repair));
        } else {
            out.print(AuditPrinter.table(report, contract));
            if (repair != null) {
                out.print(AuditPrinter.repair(repair, options.confirm()));
            }
        }
        return report.consistent() ? 0 : 1;
    }

    /** The command line, parsed. */
    record Options(boolean json, boolean repair, boolean confirm, boolean help) {

        static Options parse(List<String> args) {
            boolean json = false;
            boolean repair = false;
            boolean confirm = false;
            boolean help = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--output", "-o" -> {
                        String format = i + 1 < args.size() ? args.get(++i) : "";
                        if (!format.equals("json") && !format.equals("table")) {
                            throw new IllegalArgumentException("--output takes table or json, not '" + format + "'");
                        }
                        json = format.equals("json");
                    }
                    case "--output=json", "-ojson" -> json = true;
                    case "--output=table" -> json = false;
                    case "--repair" -> repair = true;
                    case "--confirm" -> confirm = true;
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (confirm && !repair) {
                throw new IllegalArgumentException("--confirm only goes with --repair");
            }
            return new Options(json, repair, confirm, help);
        }
    }
}
