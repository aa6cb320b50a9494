package dev.metering.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Tags are a value: equal, and hashed alike, exactly when they name the same values; refused when any is not a tag. */
class TagsTest {

    @Test
    void equalExactlyWhenTheyNameTheSameValues() {
        Tags one = Tags.of(Map.of("team", "infra", "pipeline", "nightly"));
        Tags same = Tags.of(new TreeMap<>(Map.of("pipeline", "nightly", "team", "infra")));
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isEqualTo(one);
        assertThat(one.canonical()).isEqualTo("pipeline=nightly;team=infra");
        assertThat(one).isNotEqualTo(Tags.of(Map.of("team", "infra", "pipeline", "weekly")))
                .isNotEqualTo(Tags.of(Map.of("team", "infra")))
                .isNotEqualTo(Tags.NONE)
                .isNotEqualTo("pipeline=nightly;team=infra")
                .isNotEqualTo(null);
        assertThat(Tags.of(Map.of("a", "bc")).hashCode()).isNotEqualTo(Tags.of(Map.of("a", "bd")).hashCode());
        assertThat(one.toString()).isEqualTo("Tags{pipeline=nightly, team=infra}");
        assertThat(Tags.NONE.canonical()).isEmpty();
    }

    @Test
    void refusedWhenAKeyOrAValueIsNotATagOrThereAreTooMany() {
        assertThatThrownBy(() -> Tags.of(Map.of("Team", "infra"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Team=infra");
        assertThatThrownBy(() -> Tags.of(Map.of("team", "in fra"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("team=in fra");
        Map<String, String> nine = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            nine.put("k" + i, "v");
        }
        assertThatThrownBy(() -> Tags.of(nine)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 8");
        nine.remove("k8");
        assertThat(Tags.of(nine).values()).hasSize(8);
    }
}
