package loadlab.exercises;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The jqwik side of {@link GradingExtension} (jqwik properties don't run Jupiter extensions): use it
 * as {@code @AddLifecycleHook(GradedProperty.class)}.
 */
public final class GradedProperty implements AroundPropertyHook {

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
