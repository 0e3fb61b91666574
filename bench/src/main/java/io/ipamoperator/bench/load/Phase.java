package io.ipamoperator.bench.load;

import java.util.Arrays;

/**
 * The figures of one phase of the run: wall time until every claim was bound (or every object gone), the latency
 * of each claim from the start of its create to the moment the watch saw it bound, how long the client's own
 * creates took, and the CPU the operator, the API server and etcd spent meanwhile.
 */
record Phase(
        String name,
        int claims,
        double seconds,
        double p50Millis,
        double p99Millis,
        double clientSeconds,
        double operatorCpuSeconds,
        double operatorResidentMib,
        int operatorThreads,
        double apiServerCpuSeconds,
        double etcdCpuSeconds,
        double driverCpuSeconds) {

    /** The processes' readings at one moment; {@code operator} is null when none runs. */
    record Usage(ProcessSample operator, ProcessSample apiServer, ProcessSample etcd, ProcessSample driver) {}

    static Phase of(
            String name, int claims, double seconds, long[] latencyNanos, double clientSeconds, Usage before,
            Usage after) {
        long[] sorted = latencyNanos.clone();
        Arrays.sort(sorted);
        boolean withOperator = before.operator() != null;
        return new Phase(
                name,
                claims,
                seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                clientSeconds,
                withOperator ? after.operator().cpuSeconds() - before.operator().cpuSeconds() : 0,
                withOperator ? after.operator().residentMib() : 0,
                withOperator ? after.operator().threads() : 0,
                after.apiServer().cpuSeconds() - before.apiServer().cpuSeconds(),
                after.etcd().cpuSeconds() - before.etcd().cpuSeconds(),
                after.driver().cpuSeconds() - before.driver().cpuSeconds());
    }

    double operatorCpuMillisPerClaim() {
        return claims == 0 ? 0 : operatorCpuSeconds * 1000 / claims;
    }

    private static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }
}
