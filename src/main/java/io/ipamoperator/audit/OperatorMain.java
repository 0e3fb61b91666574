package io.ipamoperator.audit;

import io.ipamoperator.runtime.ClientKeyAlgorithm;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Arrays;

/**
 * The jar's entry point: {@code audit ...} runs the leak audit and exits without starting the operator (no
 * controllers, no HTTP server, no leader election); anything else starts the operator as usual. Either way the
 * client key's algorithm is first made the process's default, for the clients libraries build themselves.
 */
@QuarkusMain
public final class OperatorMain {

    private OperatorMain() {}

    public static void main(String... args) {
        ClientKeyAlgorithm.setProcessDefault();
        if (args.length > 0 && args[0].equals("audit")) {
            int code = AuditCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
            System.exit(code);
        }
        Quarkus.run(args);
    }
}
