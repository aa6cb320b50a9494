package dev.metering.store.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.store.MeteringStore.CycleKey;
import dev.metering.store.MeteringStore.TagRef;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a recorder remembers of its cycles' tag values: exactly what it was told, per account and cycle, and never more than its bound. */
class AdmittedTagsTest {

    private static final Instant CYCLE = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void knowsAValueOnlyInTheAccountAndCycleThatTellItApart() {
        AdmittedTags known = new AdmittedTags();
        known.add(new CycleKey("acct_1", CYCLE), Set.of("pipeline=nightly"));
        known.add("acct_1", CYCLE, Map.of("team", Set.of("infra")));
        assertThat(known.contains(new TagRef("acct_1", CYCLE, "pipeline", "nightly"))).isTrue();
        assertThat(known.contains(new TagRef("acct_1", CYCLE, "team", "infra"))).isTrue();
        assertThat(known.contains(new TagRef("acct_2", CYCLE, "pipeline", "nightly"))).isFalse();
        assertThat(known.contains(new TagRef("acct_1", CYCLE.plusSeconds(1), "pipeline", "nightly"))).isFalse();
        assertThat(known.contains(new TagRef("acct_1", CYCLE, "pipeline", "weekly"))).isFalse();
    }

    @Test
    void startsOverPastItsBound() {
        AdmittedTags known = new AdmittedTags();
        for (int i = 0; i < AdmittedTags.MAX_VALUES; i++) {
            known.add("acct_" + i, CYCLE, Map.of("pipeline", Set.of("p")));
        }
        assertThat(known.contains(new TagRef("acct_0", CYCLE, "pipeline", "p"))).isTrue();
        known.add(new CycleKey("acct_new", CYCLE), Set.of("pipeline=p"));
        assertThat(known.contains(new TagRef("acct_0", CYCLE, "pipeline", "p"))).isFalse();
        assertThat(known.contains(new TagRef("acct_new", CYCLE, "pipeline", "p"))).isTrue();
        known.add("acct_x", CYCLE, Map.of("team", Set.of("a")));
        assertThat(known.contains(new TagRef("acct_x", CYCLE, "team", "a"))).isTrue();
    }
}
