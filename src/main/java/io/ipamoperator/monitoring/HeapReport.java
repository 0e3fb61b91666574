package io.ipamoperator.monitoring;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Logs at start the most heap the process may use ({@link Runtime#maxMemory()}). The JVM also reports it by memory
 * pool ({@code jvm_memory_max_bytes}), the native executable does not (every pool's maximum is -1 there), so this
 * line is where a native pod shows the heap its image's entrypoint sized from the pod's memory limit.
 */
@ApplicationScoped
public class HeapReport {

    private static final Logger LOG = Logger.getLogger(HeapReport.class);

    void report(@Observes StartupEvent startup) {
        LOG.info(line(Runtime.getRuntime().maxMemory()));
    }

    static String line(long maxMemory) {
        return "Heap: at most " + (maxMemory >> 20) + " MiB (" + maxMemory + " bytes)";
    }
}
