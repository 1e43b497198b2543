package loadlab.exercises;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The jqwik side of {@link GradingExtension} and {@link NotDoneYetExtension} (jqwik properties don't
 * run Jupiter extensions): a property that meets an unsolved exercise's TODO is aborted as
 * "Exercise N not done yet". Registered for every property through
 * {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class NotDoneYetProperty implements AroundPropertyHook {

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        NotDoneYet.watch();
        try {
            PropertyExecutionResult result = property.execute();
            return result.throwable().flatMap(NotDoneYet::abortFor).map(result::mapToAborted).orElse(result);
        } finally {
            NotDoneYet.stopWatching();
        }
    }
}
