package org.loanledger.query.support;

import java.lang.management.ManagementFactory;

/** CPU time of this whole process, for the benchmarks: less at the mercy of other work on the machine than wall time. */
public final class ProcessCpu {

    private ProcessCpu() {
    }

    public static long nanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
