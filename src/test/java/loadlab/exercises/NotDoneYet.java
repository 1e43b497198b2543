package loadlab.exercises;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * Finds the "Exercise N: what to do" exception that an unsolved exercise throws, whether the test's
 * own thread caught it or a server thread died of it (then the test only sees failed requests, so
 * uncaught exceptions are watched while a grading test runs).
 */
final class NotDoneYet {

    private static final Pattern EXERCISE = Pattern.compile("^(Exercise \\d+): (.*)$", Pattern.DOTALL);
    private static final AtomicReference<UnsupportedOperationException> SEEN_ON_OTHER_THREAD = new AtomicReference<>();
    private static Thread.UncaughtExceptionHandler previous;

    private NotDoneYet() { }

    static synchronized void watch() {
        SEEN_ON_OTHER_THREAD.set(null);
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (find(e).isPresent()) {
                SEEN_ON_OTHER_THREAD.compareAndSet(null, find(e).get());
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace();
            }
        });
    }

    static synchronized void stopWatching() {
        Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    /** The exercise's exception in {@code failure}'s cause chain, or else one a server thread died of. */
    static Optional<TestAbortedException> abortFor(Throwable failure) {
        return find(failure).or(() -> Optional.ofNullable(SEEN_ON_OTHER_THREAD.get())).map(NotDoneYet::abort);
    }

    static TestAbortedException abort(UnsupportedOperationException e) {
        Matcher m = EXERCISE.matcher(e.getMessage());
        m.matches();
        return new TestAbortedException(m.group(1) + " not done yet: " + m.group(2), e);
    }

    private static Optional<UnsupportedOperationException> find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsupportedOperationException e && e.getMessage() != null
                    && EXERCISE.matcher(e.getMessage()).matches()) {
                return Optional.of(e);
            }
            for (Throwable suppressed : c.getSuppressed()) {
                Optional<UnsupportedOperationException> found = find(suppressed);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
