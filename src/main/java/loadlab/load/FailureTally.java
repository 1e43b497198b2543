package loadlab.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trial's failures: how many of each category, the HTTP_STATUS ones by status code, and the first
 * few of each category as sentences (which request, what happened). Mutable while a trial records,
 * then copied into the result.
 */
final class FailureTally {

    private final EnumMap<FailureCategory, Long> byCategory = new EnumMap<>(FailureCategory.class);
    private final TreeMap<Integer, Long> byStatus = new TreeMap<>();
    private final EnumMap<FailureCategory, List<String>> examples = new EnumMap<>(FailureCategory.class);

    FailureTally copy() {
        FailureTally c = new FailureTally();
        c.add(this);
        return c;
    }

    /** One failure; {@code status} is the HTTP code for HTTP_STATUS, else ignored. */
    void add(FailureCategory category, int status, String example) {
        byCategory.merge(category, 1L, Long::sum);
        if (category == FailureCategory.HTTP_STATUS) {
            byStatus.merge(status, 1L, Long::sum);
        }
        keep(category, example);
    }

    void add(FailureTally other) {
        other.byCategory.forEach((c, n) -> byCategory.merge(c, n, Long::sum));
        other.byStatus.forEach((c, n) -> byStatus.merge(c, n, Long::sum));
        other.examples.forEach((c, list) -> list.forEach(e -> keep(c, e)));
    }

    private void keep(FailureCategory category, String example) {
        List<String> kept = examples.computeIfAbsent(category, c -> new ArrayList<>());
        if (kept.size() < TrialResult.EXAMPLES_PER_CATEGORY) {
            kept.add(example);
        }
    }

    Map<FailureCategory, Long> byCategory() {
        return Collections.unmodifiableMap(byCategory);
    }

    Map<Integer, Long> byStatus() {
        return Collections.unmodifiableMap(byStatus);
    }

    Map<FailureCategory, List<String>> examples() {
        Map<FailureCategory, List<String>> copy = new EnumMap<>(FailureCategory.class);
        examples.forEach((c, list) -> copy.put(c, List.copyOf(list)));
        return Collections.unmodifiableMap(copy);
    }
}
