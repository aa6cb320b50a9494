package dev.metering.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceCatalogTest {

    private final SourceCatalog catalog = SourceCatalog.load(null);

    @Test
    void classifiesTheDocumentedSources() {
        for (String s : new String[] {"claude-web", "claude-desktop", "claude-mobile", "claude-code", "cowork"}) {
            assertThat(catalog.poolOf(s)).as(s).contains(PoolKind.INTERACTIVE);
        }
        for (String s : new String[] {"agent-sdk", "claude-code-headless", "claude-code-github-actions", "third-party:acme-ci"}) {
            assertThat(catalog.poolOf(s)).as(s).contains(PoolKind.PROGRAMMATIC);
        }
    }

    @Test
    void unknownSourcesHaveNoPool() {
        assertThat(catalog.poolOf("third-party:")).isEmpty();
        assertThat(catalog.poolOf("third-party")).isEmpty();
        assertThat(catalog.poolOf("Claude-Web")).isEmpty();
        assertThat(catalog.poolOf("")).isEmpty();
        assertThat(catalog.poolOf(null)).isEmpty();
    }

    @Test
    void namesASourceOfAPoolByItsFullNameNeverByAPrefix() {
        SourceCatalog onlyPrefixed = SourceCatalog.of(Map.of("app:", PoolKind.PROGRAMMATIC, "claude-web", PoolKind.INTERACTIVE));
        assertThat(onlyPrefixed.anyFor(PoolKind.PROGRAMMATIC)).isEmpty();
        assertThat(onlyPrefixed.anyFor(PoolKind.INTERACTIVE)).contains("claude-web");
        assertThat(catalog.anyFor(PoolKind.PROGRAMMATIC)).hasValueSatisfying(s -> assertThat(catalog.poolOf(s)).contains(PoolKind.PROGRAMMATIC));
    }
}
