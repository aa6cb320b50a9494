package dev.metering.store.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Two stored forms are equal exactly when the SDK's values are, and equal forms hash alike. */
class StoredFormTest {

    @Property(tries = 2000)
    void equalExactlyWhenTheValuesAre(@ForAll("values") AttributeValue a, @ForAll("values") AttributeValue b) {
        assertThat(StoredForm.of(a).equals(StoredForm.of(b))).isEqualTo(a.equals(b));
        assertThat(StoredForm.of(a)).isEqualTo(StoredForm.of(a.toBuilder().build())).hasSameHashCodeAs(StoredForm.of(a.toBuilder().build()));
    }

    /** Small documents over few leaves, so that equal pairs are frequent. */
    @Provide
    Arbitrary<AttributeValue> values() {
        Arbitrary<AttributeValue> leaf = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "1").map(AttributeValue::fromS),
                Arbitraries.of("1", "2").map(AttributeValue::fromN),
                Arbitraries.of(true, false).map(AttributeValue::fromBool),
                Arbitraries.just(AttributeValue.fromNul(true)),
                Arbitraries.just(AttributeValue.fromB(SdkBytes.fromUtf8String("x"))),
                Arbitraries.just(AttributeValue.fromSs(List.of("a"))));
        Arbitrary<AttributeValue> map = Arbitraries.maps(Arbitraries.of("k", "l"), leaf).ofMaxSize(2).map(AttributeValue::fromM);
        Arbitrary<AttributeValue> list = Arbitraries.oneOf(leaf, map).list().ofMaxSize(2).map(AttributeValue::fromL);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, map), net.jqwik.api.Tuple.of(2, list),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(AttributeValue.fromL(List.of()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(AttributeValue.fromM(Map.of()))));
    }
}
