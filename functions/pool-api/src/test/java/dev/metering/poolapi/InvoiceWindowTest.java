package dev.metering.poolapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.metering.store.MeteringStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invoice lines are listed up to what has settled, never past it: a close is stamped before its
 * transaction commits and the index follows the table, so a pull whose window ends now lists up to
 * now less the settling margin, says so ({@code completeThrough}), and every page of the listing
 * keeps that end, however long the pages take.
 */
class InvoiceWindowTest {

    private static final Instant NOW = Instant.parse("2027-04-01T12:00:00Z");
    private final MeteringStore store = mock(MeteringStore.class);
    private final PoolQueries queries = new PoolQueries();

    @BeforeEach
    void wire() {
        queries.store = store;
        queries.cursors = new CursorCodec("a-test-secret-of-enough-length");
        queries.settling = Duration.ofMinutes(16);
        queries.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    }

    @Test
    void aWindowEndingNowIsListedUpToTheSettlingMarginAndEveryPageKeepsThatEnd() {
        Instant from = NOW.minus(Duration.ofDays(1));
        Instant settled = NOW.minus(Duration.ofMinutes(16));
        when(store.invoiceLines(eq(from), eq(settled), anyInt(), isNull())).thenReturn(new MeteringStore.Page<>(List.of(), "k1"));

        PoolQueries.InvoiceSlice first = queries.invoiceLines(from, NOW, 10, null);

        assertThat(first.completeThrough()).isEqualTo(settled);
        queries.clock = Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC);
        when(store.invoiceLines(eq(from), eq(settled), anyInt(), eq("k1"))).thenReturn(new MeteringStore.Page<>(List.of(), null));
        PoolQueries.InvoiceSlice second = queries.invoiceLines(from, NOW, 10, first.nextCursor());
        assertThat(second.completeThrough()).as("the listing's end, not the later now's").isEqualTo(settled);
        verify(store, never()).invoiceLines(any(), eq(NOW), anyInt(), any());
    }

    @Test
    void aSettledWindowIsListedWhole() {
        Instant from = NOW.minus(Duration.ofDays(2));
        Instant to = NOW.minus(Duration.ofDays(1));
        when(store.invoiceLines(eq(from), eq(to), anyInt(), isNull())).thenReturn(new MeteringStore.Page<>(List.of(), null));

        assertThat(queries.invoiceLines(from, to, 10, null).completeThrough()).isEqualTo(to);
    }

    @Test
    void aWindowThatHasNotSettledAtAllListsNothingAndSaysWhereToStart() {
        Instant from = NOW.minus(Duration.ofMinutes(5));

        PoolQueries.InvoiceSlice slice = queries.invoiceLines(from, NOW, 10, null);

        assertThat(slice.lines()).isEmpty();
        assertThat(slice.completeThrough()).isEqualTo(from);
        verify(store, never()).invoiceLines(any(), any(), anyInt(), any());
    }
}
