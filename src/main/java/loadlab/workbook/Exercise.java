package loadlab.workbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The workbook's six exercises, in teaching order. Exercises 1 to 3 and 6 are server models, started
 * under the exercise's name ({@code serve --model lingering-close}); an exercise's grading tests are
 * named after it ({@code LingeringClose*GradingTest}), which is how {@code workbook grade 1} finds them.
 */
public enum Exercise {
    LINGERING_CLOSE(1, "lingering-close", true),
    BOUNDED_QUEUE(2, "bounded-queue", true),
    MULTI_REACTOR(3, "multi-reactor", true),
    CONFIDENCE_INTERVAL(4, "confidence-interval", false),
    PREDICTIONS(5, "predictions", false),
    HEAD_DEADLINE(6, "head-deadline", true);

    private final int number;
    private final String label;
    private final boolean serverModel;

    Exercise(int number, String label, boolean serverModel) {
        this.number = number;
        this.label = label;
        this.serverModel = serverModel;
    }

    public int number() {
        return number;
    }

    /** Its name, as in the grading table and, for a server exercise, the model's name. */
    public String label() {
        return label;
    }

    public boolean isServerModel() {
        return serverModel;
    }

    /** Surefire's pattern for its grading tests: {@code lingering-close} gives {@code LingeringClose*GradingTest}. */
    public String gradingTests() {
        return Arrays.stream(label.split("-"))
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .collect(Collectors.joining()) + "*GradingTest";
    }

    @Override
    public String toString() {
        return "Exercise " + number + " " + label;
    }

    public static Exercise number(int number) {
        for (Exercise exercise : values()) {
            if (exercise.number == number) {
                return exercise;
            }
        }
        throw new IllegalArgumentException("there is no exercise " + number + "; the exercises are " + list());
    }

    /** An exercise by its number ({@code 1}) or its name ({@code lingering-close}). */
    public static Exercise parse(String numberOrName) {
        String s = numberOrName.strip();
        for (Exercise exercise : values()) {
            if (s.equals(Integer.toString(exercise.number)) || s.equalsIgnoreCase(exercise.label)) {
                return exercise;
            }
        }
        throw new IllegalArgumentException("no exercise '" + numberOrName + "'; the exercises are " + list());
    }

    private static String list() {
        return Arrays.stream(values()).map(e -> e.number + " " + e.label).collect(Collectors.joining(", "));
    }
}
