package dev.metering.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The character checks of tag keys and values say exactly what the published patterns say. */
class TagsRuleTest {

    private static final Pattern KEY = Pattern.compile(Tags.KEY_PATTERN);
    private static final Pattern VALUE = Pattern.compile(Tags.VALUE_PATTERN);

    @Property(tries = 3000)
    void aKeyIsValidExactlyWhenThePatternMatchesIt(@ForAll("candidates") String key) {
        assertThat(Tags.validKey(key)).as("'%s'", key).isEqualTo(KEY.matcher(key).matches());
    }

    @Property(tries = 3000)
    void aValueIsValidExactlyWhenThePatternMatchesIt(@ForAll("candidates") String value) {
        assertThat(Tags.validValue(value)).as("'%s'", value).isEqualTo(VALUE.matcher(value).matches());
    }

    /** Strings around both length limits, of the allowed characters and their neighbours in the character table. */
    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<Character> near = Arbitraries.of('a', 'z', 'A', 'Z', '0', '9', '_', '.', '-', ':', '/', '@', '`', '{', '[', '\u0040',
                '/', ';', ' ', '\u00e9', '+', '=', '#');
        Arbitrary<Character> any = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> letters = Arbitraries.chars().range('a', 'z');
        return Arbitraries.oneOf(
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, letters), net.jqwik.api.Tuple.of(2, near), net.jqwik.api.Tuple.of(1, any))
                        .list().ofMinSize(0).ofMaxSize(140).map(TagsRuleTest::text),
                Arbitraries.oneOf(letters, near).list().ofMinSize(30).ofMaxSize(34).map(TagsRuleTest::text),
                Arbitraries.oneOf(letters, near).list().ofMinSize(126).ofMaxSize(130).map(TagsRuleTest::text));
    }

    private static String text(java.util.List<Character> chars) {
        StringBuilder s = new StringBuilder();
        chars.forEach(s::append);
        return s.toString();
    }

    @Test
    void theEdgesOfEachRule() {
        assertThat(Tags.validKey("a")).isTrue();
        assertThat(Tags.validKey("a".repeat(32))).isTrue();
        assertThat(Tags.validKey("a".repeat(33))).isFalse();
        assertThat(Tags.validKey("")).isFalse();
        assertThat(Tags.validKey(null)).isFalse();
        assertThat(Tags.validKey("1pipeline")).isFalse();
        assertThat(Tags.validKey("pipe_line.v-2")).isTrue();
        assertThat(Tags.validKey("Pipeline")).isFalse();
        assertThat(Tags.validValue("A")).isTrue();
        assertThat(Tags.validValue("x".repeat(128))).isTrue();
        assertThat(Tags.validValue("x".repeat(129))).isFalse();
        assertThat(Tags.validValue("")).isFalse();
        assertThat(Tags.validValue(null)).isFalse();
        assertThat(Tags.validValue("org/repo@main:ci_1.-")).isTrue();
        assertThat(Tags.validValue("a b")).isFalse();
    }
}
