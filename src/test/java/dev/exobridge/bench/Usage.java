package dev.exobridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * CPU time and resident memory of this JVM and of live processes, read from {@code /proc}
 * (Linux), so a table can show each contender's CPU beside its wall time: on a shared machine
 * wall time says how long a user waited, CPU time says what it cost. A figure that cannot be
 * read is {@code NaN}, printed as "-".
 */
final class Usage {
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Usage() {
    }

    /** CPU seconds (user + system) this JVM has used so far. */
    static double jvmCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds (user + system) the live process {@code pid} has used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The sum of {@link #cpuSeconds} over {@code pids}. */
    static double cpuSeconds(Collection<Long> pids) {
        return pids.stream().mapToDouble(Usage::cpuSeconds).sum();
    }

    /** Resident memory of the live process {@code pid} in MiB (VmRSS). */
    static double residentMiB(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    /** A CPU or memory figure with two decimal places ("-" when unknown). */
    static String format(double value) {
        return Double.isNaN(value) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /** CPU used between two readings (this JVM plus {@code pids}) by the code {@code work} runs. */
    static double cpuOf(List<Long> pids, Runnable work) {
        double before = jvmCpuSeconds() + cpuSeconds(pids);
        work.run();
        return jvmCpuSeconds() + cpuSeconds(pids) - before;
    }
}
