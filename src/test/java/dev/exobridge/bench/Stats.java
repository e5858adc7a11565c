package dev.exobridge.bench;

import java.util.Arrays;
import java.util.List;

/** Median, percentiles and pooling of samples: the one place the benchmarks compute statistics. */
final class Stats {
    private Stats() {
    }

    static double median(double[] values) {
        double[] sorted = sorted(values);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The nearest-rank percentile ({@code p} in 0..100): the smallest sample that at least p% of
     * the samples do not exceed. The same rule as the official client's script, so p99 means the
     * same on both sides.
     */
    static double percentile(double[] values, double p) {
        double[] sorted = sorted(values);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    static double min(double[] values) {
        return Arrays.stream(requireSome(values)).min().orElseThrow();
    }

    static double max(double[] values) {
        return Arrays.stream(requireSome(values)).max().orElseThrow();
    }

    /** All samples of several rounds in one array. */
    static double[] pool(List<double[]> rounds) {
        return rounds.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    /** The part of {@code total} that round {@code round} (0-based) of {@code rounds} gets. */
    static int share(int total, int rounds, int round) {
        return total / rounds + (round < total % rounds ? 1 : 0);
    }

    private static double[] sorted(double[] values) {
        double[] copy = requireSome(values).clone();
        Arrays.sort(copy);
        return copy;
    }

    private static double[] requireSome(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        return values;
    }
}
