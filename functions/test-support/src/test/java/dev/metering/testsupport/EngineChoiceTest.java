package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineChoiceTest {

    private static final String ENDPOINT = "http://localhost:4566";

    @Test
    void nothingSetMeansMoto() {
        assertThat(EngineChoice.from(Map.of())).isEqualTo(EngineChoice.MOTO);
    }

    @Test
    void anEndpointAloneKeepsMeaningThatEndpoint() {
        assertThat(EngineChoice.from(Map.of(DynamoEngine.ENDPOINT_ENV, ENDPOINT))).isEqualTo(EngineChoice.EXTERNAL);
    }

    @Test
    void eachEngineIsChosenByItsLabelInAnyCase() {
        assertThat(EngineChoice.from(Map.of(EngineChoice.ENV, "LocalStack"))).isEqualTo(EngineChoice.LOCALSTACK);
        assertThat(EngineChoice.from(Map.of(EngineChoice.ENV, "floci"))).isEqualTo(EngineChoice.FLOCI);
        assertThat(EngineChoice.from(Map.of(EngineChoice.ENV, " moto "))).isEqualTo(EngineChoice.MOTO);
        assertThat(EngineChoice.from(Map.of(EngineChoice.ENV, "external", DynamoEngine.ENDPOINT_ENV, ENDPOINT)))
                .isEqualTo(EngineChoice.EXTERNAL);
    }

    @Test
    void anExplicitChoiceWinsOverAnEndpoint() {
        assertThat(EngineChoice.from(Map.of(EngineChoice.ENV, "moto", DynamoEngine.ENDPOINT_ENV, ENDPOINT)))
                .isEqualTo(EngineChoice.MOTO);
    }

    @Test
    void anUnknownEngineIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> EngineChoice.from(Map.of(EngineChoice.ENV, "dynalite")))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessage("METERING_TEST_ENGINE=dynalite names no engine; use one of moto, localstack, floci, external.");
    }

    @Test
    void externalWithoutAnEndpointIsRefused() {
        assertThatThrownBy(() -> EngineChoice.from(Map.of(EngineChoice.ENV, "external")))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining(DynamoEngine.ENDPOINT_ENV);
    }

    @Test
    void onlyTheContainerEnginesNeedDocker() {
        assertThat(EngineChoice.LOCALSTACK.needsDocker()).isTrue();
        assertThat(EngineChoice.FLOCI.needsDocker()).isTrue();
        assertThat(EngineChoice.MOTO.needsDocker()).isFalse();
        assertThat(EngineChoice.EXTERNAL.needsDocker()).isFalse();
    }

    @Test
    void theSentenceCarriesNoStackTrace() {
        assertThat(new EngineUnavailableException("x").getStackTrace()).isEmpty();
    }
}
