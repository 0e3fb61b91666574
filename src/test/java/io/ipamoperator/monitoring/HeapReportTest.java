package io.ipamoperator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapReportTest {

    @Test
    void theLineSaysTheMaximumInMebibytesAndBytes() {
        assertThat(HeapReport.line(256L << 20)).isEqualTo("Heap: at most 256 MiB (268435456 bytes)");
        assertThat(HeapReport.line(349_175_808L)).isEqualTo("Heap: at most 333 MiB (349175808 bytes)");
    }

    @Test
    void theLineOfThisJvmIsItsOwnMaximum() {
        long max = Runtime.getRuntime().maxMemory();
        assertThat(HeapReport.line(max)).contains("(" + max + " bytes)");
    }
}
