package loadlab.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import loadlab.stats.VerdictRule;

/**
 * How the report prints numbers: a dot as decimal separator whatever the locale, thousands
 * grouped, and no more digits than a noisy measurement is worth.
 */
final class Figures {

    private Figures() { }

    /** 2,345.6 or 12.35 or 0.0123: about four significant digits. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "∞" : "-∞";
        }
        return String.format(Locale.ROOT, "%,." + decimals(x) + "f", x);
    }

    /** {@code x} with as many decimals as {@code like} gets: a ± b reads best with the same precision. */
    static String number(double x, double like) {
        if (!Double.isFinite(x) || !Double.isFinite(like)) {
            return number(x);
        }
        return String.format(Locale.ROOT, "%,." + decimals(like) + "f", x);
    }

    private static int decimals(double x) {
        double a = Math.abs(x);
        return a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 2 : a == 0 ? 0 : 3;
    }

    /** A latency given in microseconds, in the unit that reads best: 850 us, 12.3 ms, 1.25 s. */
    static String micros(double us) {
        if (!Double.isFinite(us)) {
            return "n/a";
        }
        if (us < 1000) {
            return String.format(Locale.ROOT, "%.0f us", us);
        }
        if (us < 1_000_000) {
            return number(us / 1000) + " ms";
        }
        return number(us / 1e6) + " s";
    }

    /** 0.034 gives 3.4%, 0.95 gives 95%. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f", fraction * 100).replaceAll("\\.0$", "") + "%" : "n/a";
    }

    /** A ratio: 11.8x, 1.03x, 0.952x; far below 1 also as a fraction, 0.00275x (1/364), which reads better. */
    static String ratio(double r) {
        if (!Double.isFinite(r)) {
            return "n/a";
        }
        String text = significant(r) + "x";
        return r > 0 && r < 0.2 ? text + " (1/" + significant(1 / r) + ")" : text;
    }

    private static String significant(double x) {
        return x >= 100 ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.3g", x);
    }

    /** A p-value: 0.079, 0.0012, 1.2e-9. */
    static String pValue(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p >= 1e-3 ? String.format(Locale.ROOT, "%.2g", p)
                : String.format(Locale.ROOT, "%.1e", p).replaceAll("e([-+])0*(\\d)", "e$1$2");
    }

    /** Bytes as MiB: 123.4 MiB. */
    static String mib(long bytes) {
        return number(bytes / (1024.0 * 1024.0)) + " MiB";
    }

    /**
     * The verdict rule in one sentence, for example: "HIGHER or LOWER when the whole 95% repeated
     * confidence interval of the ratio (99.1% at each look, so that it holds at whichever round the
     * experiment stopped) lies beyond the 5% noise margin, above 1.05 or below 1/1.05; SAME when it
     * lies inside the 10% equivalence band, from 1/1.1 to 1.1; INCONCLUSIVE otherwise."
     */
    static String rule(VerdictRule rule) {
        String interval = percent(rule.level()) + (rule.isSequential() ? " repeated confidence interval of the ratio ("
                + String.format(Locale.ROOT, "%.1f%%", rule.lookLevel() * 100) + " at each look, so that it holds at whichever "
                + "round the experiment stopped)" : " confidence interval of the ratio");
        String noise = plain(1 + rule.margin());
        String band = plain(1 + rule.band());
        return "HIGHER or LOWER when the whole " + interval + " lies beyond the " + percent(rule.margin())
                + " noise margin, above " + noise + " or below 1/" + noise + "; SAME when it lies inside the "
                + percent(rule.band()) + " equivalence band, from 1/" + band + " to " + band + "; INCONCLUSIVE otherwise.";
    }

    /** 1.05, 1.1, 1.125: a factor without trailing zeros. */
    static String plain(double x) {
        return new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
