package io.ledgerline.query.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPlanTest {

    private final VersionPlan base = VersionPlan.startingWith("v1");

    @Test
    void givenNoRecords_thenBaseRunsAndServesEverything() {
        assertThat(base.running()).containsExactly("v1");
        for (ReadModel model : ReadModel.values()) {
            assertThat(base.serving(model)).contains("v1");
        }
        assertThat(base.serves("v1")).containsExactly(ReadModel.values());
    }

    @Test
    void givenRunV2_thenBothRunAndBaseStillServes() {
        VersionPlan plan = base.apply(new ControlRecord.Run("v2"));

        assertThat(plan.running()).containsExactly("v1", "v2");
        assertThat(plan.started("v2")).isTrue();
        assertThat(plan.serving(ReadModel.ACCOUNT)).contains("v1");
        assertThat(plan.serves("v2")).isEmpty();
    }

    @Test
    void givenOneReadModelSwitched_thenOnlyItIsServedByTheNewVersion() {
        VersionPlan plan = base.apply(new ControlRecord.Run("v2"))
                .apply(new ControlRecord.Serve(ReadModel.ACCOUNT, "v2"));

        assertThat(plan.serving(ReadModel.ACCOUNT)).contains("v2");
        assertThat(plan.serving(ReadModel.STATEMENT)).contains("v1");
        assertThat(plan.serves("v2")).containsExactly(ReadModel.ACCOUNT);
    }

    @Test
    void givenSwitchedAndBaseDropped_thenOnlyNewVersionRuns() {
        VersionPlan plan = base.apply(new ControlRecord.Run("v2"));
        for (ReadModel model : ReadModel.values()) {
            plan = plan.apply(new ControlRecord.Serve(model, "v2"));
        }
        plan = plan.apply(new ControlRecord.Drop("v1"));

        assertThat(plan.running()).containsExactly("v2");
        assertThat(plan.dropped("v1")).isTrue();
        assertThat(plan.serves("v2")).containsExactly(ReadModel.values());
    }

    @Test
    void givenDroppedVersionRunAgain_thenItStaysDropped() {
        VersionPlan plan = base.apply(new ControlRecord.Run("v2")).apply(new ControlRecord.Drop("v2"))
                .apply(new ControlRecord.Run("v2"));

        assertThat(plan.running()).containsExactly("v1");
    }

    @Test
    void givenEmptyPlan_thenNothingIsKnownToServe() {
        VersionPlan plan = VersionPlan.empty().apply(new ControlRecord.Run("v2"));

        assertThat(plan.running()).isEqualTo(List.of("v2"));
        assertThat(plan.serving(ReadModel.ACCOUNT)).isEmpty();
    }
}
