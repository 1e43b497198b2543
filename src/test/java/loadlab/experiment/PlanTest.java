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
        assertThat(plan.describe()).isEqualTo("5..20 rounds, budget 120s, margin 5%, seed 9");
    }

    @Test
    void badPlansAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Plan.named("a b").models("x").build()).hasMessageContaining("directory name");
        assertThatThrownBy(() -> Plan.named("p").build()).hasMessageContaining("no models");
        assertThatThrownBy(() -> Plan.named("p").models("x", "x").build()).hasMessageContaining("lists a model twice");
        assertThatThrownBy(() -> Plan.named("p").models("x", "y").compare("x", "z").build())
                .hasMessageContaining("asks about x vs z but runs only [x, y]");
        assertThatThrownBy(() -> Plan.named("p").models("x").rounds(1, 5).build()).hasMessageContaining("at least 2 rounds");
        assertThatThrownBy(() -> Plan.named("p").models("x").rounds(6, 5).build()).hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> new Question("x", "x")).hasMessageContaining("compared with itself");
    }
}
