package loadlab.experiment;

import java.util.Objects;
import loadlab.Durations;
import loadlab.load.ConnectionMode;
import loadlab.load.LoadSpec;
import loadlab.server.Models;
import loadlab.server.ServerConfig;

/**
 * One arm of an experiment: a model, started fresh for each trial with {@code server}, loaded with
 * {@code load}, and labelled. Most experiments give every model the same server configuration and
 * load, and the label is the model's name; an arm of its own lets one model be compared with itself
 * under two loads (an open loop at 50% and at 110% of its capacity), or disturbed during its trials.
 *
 * @param load its target is a placeholder: each trial aims it at that trial's fresh server
 * @param during what happens to the server while the load runs, or {@link Disturbance#NONE}
 */
public record Arm(String label, String model, ServerConfig server, LoadSpec load, Disturbance during) {

    public Arm {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(during, "during");
    }

    public static Arm of(String label, String model, ServerConfig server, LoadSpec load) {
        return new Arm(label, model, server, load, Disturbance.NONE);
    }

    /** The same arm, disturbed during each of its trials. */
    public Arm disturbedBy(Disturbance disturbance) {
        return new Arm(label, model, server, load, disturbance);
    }

    /** For the report: the model, its work, the load, the connections, the warm-up and window. */
    public String description() {
        String what = Models.isExternal(model) ? "external: " + Models.externalCommand(model) : "work " + server.work();
        return model + " (" + what + "), " + load.profile() + ", "
                + (load.mode() == ConnectionMode.KEEP_ALIVE ? "keep-alive" : "a new connection per request")
                + ", warm-up " + Durations.format(load.warmup()) + ", window " + Durations.format(load.duration())
                + (during == Disturbance.NONE ? "" : "; " + during);
    }
}
