package io.ipamoperator.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One reading of a process's CPU time, resident memory and thread count from {@code /proc} (Linux), the same
 * figures {@code top} shows. CPU time is user plus system, in seconds (clock ticks of 1/100 s, the Linux default).
 */
record ProcessSample(double cpuSeconds, long residentKib, int threads) {

    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessSample of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after "(comm) ": state is field 3, utime 14 and stime 15 (1-based, see proc(5))
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            return new ProcessSample(cpu, rss, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (has the process exited?)", e);
        }
    }

    double residentMib() {
        return residentKib / 1024.0;
    }
}
