package webchat.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Median, min, max and percentiles of a set of samples (nearest-rank). */
record Stats(int count, double median, double min, double max, double p95, double p99) {

    static Stats of(Collection<? extends Number> samples) {
        return of(samples.stream().mapToDouble(Number::doubleValue).toArray());
    }

    static Stats of(double[] samples) {
        if (samples.length == 0) {
            return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Stats(sorted.length, median(sorted), sorted[0], sorted[sorted.length - 1],
                rank(sorted, 0.95), rank(sorted, 0.99));
    }

    static double percentile(double[] sorted, double fraction) {
        return rank(sorted, fraction);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double rank(double[] sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }

    /** {@code 812 (790-845)}: the median with min and max, in the unit the samples have. */
    String cell() {
        if (count == 0) {
            return "n/a";
        }
        if (count == 1) {
            return number(median);
        }
        return number(median) + " (" + number(min) + "–" + number(max) + ")";
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code 23.4x}: how many times {@code baseline} is bigger than {@code value}. */
    static String ratio(double baseline, double value) {
        if (Double.isNaN(baseline) || Double.isNaN(value) || value == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.1fx", baseline / value);
    }
}
