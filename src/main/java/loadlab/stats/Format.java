package loadlab.stats;

import java.util.Locale;

/**
 * Number formatting shared by the {@code toString()}s of this package, so that every figure a
 * student sees is printed the same way: a dot as decimal separator whatever the machine's locale,
 * and no more digits than the magnitude makes worth reading.
 */
final class Format {

    private Format() {
    }

    /** Decimals that show about four significant digits of {@code x}: 812.3, 14.22, 0.004780. */
    static int decimalsFor(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return 3;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(x)));
        return Math.max(0, Math.min(10, 3 - magnitude));
    }

    static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** Three significant digits, the precision a ratio is worth: 11.8, 1.03, 0.952. */
    static String significant(double x) {
        if (!Double.isFinite(x) || Math.abs(x) >= 1000) {
            return fixed(x, 0); // %g would switch to 1.23e+03 here
        }
        return String.format(Locale.ROOT, "%.3g", x);
    }

    /** A fraction as a percentage without useless zeros: 0.95 gives "95%", 0.999 gives "99.9%". */
    static String percent(double fraction) {
        return percentUpTo(fraction, 4);
    }

    /** A percentage with at most {@code decimals} decimals, trailing zeros dropped: 5%, 0.98%. */
    static String percentUpTo(double fraction, int decimals) {
        String digits = String.format(Locale.ROOT, "%." + decimals + "f", fraction * 100)
                .replaceAll("0+$", "")
                .replaceAll("\\.$", "");
        return digits + "%";
    }

    static String percent(double fraction, int decimals) {
        return fixed(fraction * 100, decimals) + "%";
    }

    /** A p-value as people write it: 0.079, 0.0012, 1.2e-9 (no "e-09"). */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        if (p >= 1e-3) {
            return String.format(Locale.ROOT, "%.2g", p);
        }
        return String.format(Locale.ROOT, "%.1e", p).replaceAll("e([-+])0*(\\d)", "e$1$2");
    }
}
