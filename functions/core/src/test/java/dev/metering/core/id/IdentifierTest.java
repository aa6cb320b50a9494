package dev.metering.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifierTest {

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "ACCOUNT      | acct_42.a-b            | ",
        "ACCOUNT      | ''                     | must not be empty",
        "ACCOUNT      | acct#1                 | characters outside [A-Za-z0-9._-]",
        "ACCOUNT      | acct:1                 | characters outside [A-Za-z0-9._-]",
        "ORGANIZATION | org_7                  | ",
        "ORGANIZATION | org<script>            | characters outside [A-Za-z0-9._-]",
        "EVENT        | evt:2026-11-27:1       | ",
        "EVENT        | evt 1                  | characters outside [A-Za-z0-9._:-]",
        "ADJUSTMENT   | refund:ticket-77       | ",
        "SOURCE       | agent-sdk              | ",
    })
    void eachIdentifierHasOneRule(Identifier kind, String value, String problem) {
        assertThat(kind.problem(value).orElse(null)).isEqualTo(problem);
        assertThat(kind.accepts(value)).isEqualTo(problem == null);
    }

    @Test
    void lengthsAreBoundedAndNamed() {
        assertThat(Identifier.ACCOUNT.problem("a".repeat(64))).isEmpty();
        assertThat(Identifier.ACCOUNT.problem("a".repeat(65))).contains("longer than 64 characters");
        assertThat(Identifier.EVENT.problem("e".repeat(129))).contains("longer than 128 characters");
        assertThat(Identifier.ACCOUNT.rule()).isEqualTo("1-64 characters of [A-Za-z0-9._-]");
        assertThat(Identifier.ADJUSTMENT.field()).isEqualTo("adjustmentId");
    }

    @Test
    void theDocumentedPatternsAreTheOnesApplied() {
        for (Identifier kind : Identifier.values()) {
            String documented = switch (kind) {
                case ACCOUNT -> Identifier.ACCOUNT_PATTERN;
                case ORGANIZATION -> Identifier.ORGANIZATION_PATTERN;
                case EVENT -> Identifier.EVENT_PATTERN;
                case ADJUSTMENT -> Identifier.ADJUSTMENT_PATTERN;
                case SOURCE -> Identifier.SOURCE_PATTERN;
                case MODEL -> Identifier.MODEL_PATTERN;
            };
            String longest = "a".repeat(kind.maxLength());
            assertThat(Pattern.matches(documented, longest)).isEqualTo(kind.accepts(longest)).isTrue();
            assertThat(Pattern.matches(documented, longest + "a")).isEqualTo(kind.accepts(longest + "a")).isFalse();
        }
    }
}
