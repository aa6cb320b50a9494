package dev.metering.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.core.budget.Tags;
import dev.metering.core.price.InferenceGeo;
import dev.metering.core.price.ServiceTier;
import dev.metering.core.price.TokenUsage;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A body's hash is stored with its debit and compared with every delivery of its id after, across
 * releases: its canonical form never changes. The expected values are SHA-256 of the form written
 * out by hand (fields on their own lines, then the non-default ones by name).
 */
class UsageEventHashTest {

    private static final TokenUsage USAGE = new TokenUsage(1000, 200, 300, 100, 4000);
    private static final Instant AT = Instant.parse("2027-03-10T10:00:00.123Z");

    @Test
    void aPlainBodyHashesAsItsLinesDo() {
        UsageEvent event = new UsageEvent("evt_1", "acct_1", AT, "agent-sdk", "claude-haiku-4-5", ServiceTier.BATCH, USAGE);
        // sha256("acct_1\n2027-03-10T10:00:00.123Z\nagent-sdk\nclaude-haiku-4-5\nBATCH\n1000\n200\n300\n100\n4000")
        assertThat(event.bodyHash()).isEqualTo("95818363c7f7d743b3a0c7abc0ac3e9e86504ec2e480eb8fcf303eaf35e2a46b");
    }

    @Test
    void geographyWebSearchesAndTagsFollowByName() {
        UsageEvent event = new UsageEvent("evt_2", "acct_1", AT, "agent-sdk", "claude-haiku-4-5", ServiceTier.BATCH, USAGE, InferenceGeo.US, 2,
                Tags.of(Map.of("team", "infra", "pipeline", "nightly")));
        // the same lines, then "\ngeo=us\nwebSearches=2\ntags=pipeline=nightly;team=infra"
        assertThat(event.bodyHash()).isEqualTo("07bd73d7aaa2d3abdec60a06286fab821380be3bf31ff640be8682d41f938e77");
    }
}
