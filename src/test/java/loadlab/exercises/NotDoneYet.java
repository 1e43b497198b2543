package loadlab.exercises;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import loadlab.workbook.NotDone;
import org.opentest4j.TestAbortedException;

/**
 * Finds the "Exercise N: what to do" exception that an unsolved exercise throws, whether the test's
 * own thread caught it or a server thread died of it (then the test only sees failed requests, so
 * uncaught exceptions are watched while a grading test runs).
 */
final class NotDoneYet {

    private static final AtomicReference<NotDone> SEEN_ON_OTHER_THREAD = new AtomicReference<>();
    private static Thread.UncaughtExceptionHandler previous;

    private NotDoneYet() { }

    static synchronized void watch() {
        SEEN_ON_OTHER_THREAD.set(null);
        previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            Optional<NotDone> todo = NotDone.in(e);
            if (todo.isPresent()) {
                SEEN_ON_OTHER_THREAD.compareAndSet(null, todo.get());
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

    /** The exercise's TODO in {@code failure}'s causes, or else one a server thread died of. */
    static Optional<TestAbortedException> abortFor(Throwable failure) {
        return NotDone.in(failure).or(() -> Optional.ofNullable(SEEN_ON_OTHER_THREAD.get())).map(todo -> abort(todo, failure));
    }

    /** The TODO in {@code failure}'s causes only: for tests that start no server. */
    static Optional<TestAbortedException> abortForOwn(Throwable failure) {
        return NotDone.in(failure).map(todo -> abort(todo, failure));
    }

    static TestAbortedException abort(NotDone todo, Throwable cause) {
        return new TestAbortedException(todo.message(), cause);
    }
}
