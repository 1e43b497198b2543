package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void defaultsAreFiveToTwentyRoundsTwoMinutesFivePercent() {
        Plan plan = Plan.named("p").models("a", "b").compareAllWithFirst().seed(9).build();
        assertThat(plan.minRounds()).isEqualTo(5);
        assertThat(plan.maxRounds()).isEqualTo(20);
        assertThat(plan.budget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(plan.margin()).isEqualTo(0.05);
        assertThat(plan.level()).isEqualTo(0.95);
        assertThat(plan.questions()).containsExactly(new Question("b", "a"));
        assertThat(plan.rule().band()).isEqualTo(0.10);
        assertThat(plan.rule().lookLevel()).as("repeated intervals: stricter at each look").isBetween(0.985, 0.995);
        assertThat(plan.describe()).isEqualTo("5..20 rounds, budget 120s, margin 5%, band 10%, 95% repeated CIs "
                + "(99.1% at each look), seed 9");
    }

    @Test
    void aFixedNumberOfRoundsNeedsNoCorrection() {
        Plan plan = Plan.named("p").models("a", "b").rounds(5, 5).seed(9).build();
        assertThat(plan.rule().lookLevel()).isEqualTo(0.95);
        assertThat(plan.describe()).contains("95% CIs");
    }

    @Test
    void aModelListedTwiceIsAnAACopy() {
        Plan plan = Plan.named("p").models("event-loop", "event-loop").compareAllWithFirst().seed(9).build();
        assertThat(plan.models()).containsExactly("event-loop", "event-loop#2");
        assertThat(plan.modelOf()).containsEntry("event-loop#2", "event-loop");
        assertThat(plan.isAA(plan.questions().get(0))).isTrue();
        assertThat(Plan.named("p").models("a", "b").compareAllWithFirst().seed(9).build().isAA("b", "a")).isFalse();
    }

    @Test
    void badPlansAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Plan.named("a b").models("x").build()).hasMessageContaining("directory name");
        assertThatThrownBy(() -> Plan.named("p").build()).hasMessageContaining("no models");
        assertThatThrownBy(() -> Plan.named("p").arm("x", "a").arm("x", "b").build()).hasMessageContaining("two arms labelled 'x'");
        assertThatThrownBy(() -> Plan.named("p").models("x", "y").compare("x", "z").build())
                .hasMessageContaining("asks about x vs z but runs only [x, y]");
        assertThatThrownBy(() -> Plan.named("p").models("x").rounds(1, 5).build()).hasMessageContaining("at least 2 rounds");
        assertThatThrownBy(() -> Plan.named("p").models("x").rounds(6, 5).build()).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> new Question("x", "x")).hasMessageContaining("compared with itself");
        assertThatThrownBy(() -> new Question("x", "y", 0)).hasMessageContaining("must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> Plan.named("p").models("x", "y").compare("x", "y", Double.POSITIVE_INFINITY))
                .hasMessageContaining("the factor of x against y");
    }
}
