package loadlab.workbook;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exercise that is not done yet, and what is left to do. An exercise's TODO throws
 * {@code UnsupportedOperationException("Exercise N: what to do")} (see {@link Workbook}); everything
 * that reports on the workbook says it as {@link #message()}: {@code Exercise N not done yet: what to do}.
 */
public record NotDone(int exercise, String todo) {

    private static final Pattern TODO = Pattern.compile("^Exercise (\\d+): (.*)$", Pattern.DOTALL);
    private static final Pattern MESSAGE = Pattern.compile("^Exercise (\\d+) not done yet: (.*)$", Pattern.DOTALL);

    public String message() {
        return "Exercise " + exercise + " not done yet: " + todo;
    }

    /** A TODO's exception in {@code failure}'s causes (or suppressed), or a {@link #message()} passed on. */
    public static Optional<NotDone> in(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            Optional<NotDone> found = parse(c);
            if (found.isPresent()) {
                return found;
            }
            for (Throwable suppressed : c.getSuppressed()) {
                found = in(suppressed);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A {@link #message()}, as in a skipped test's reason. */
    public static Optional<NotDone> fromMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = MESSAGE.matcher(message);
        return m.matches() ? Optional.of(new NotDone(Integer.parseInt(m.group(1)), m.group(2))) : Optional.empty();
    }

    private static Optional<NotDone> parse(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return Optional.empty();
        }
        Matcher todo = TODO.matcher(message);
        if (t instanceof UnsupportedOperationException && todo.matches()) {
            return Optional.of(new NotDone(Integer.parseInt(todo.group(1)), todo.group(2)));
        }
        return fromMessage(message);
    }
}
