package dev.metering.store.prices;

import dev.metering.core.price.PriceBook;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The book a function prices with: the bundled one with the table's rows and ids laid over it, read
 * again once it is a minute old. A read that fails leaves no book behind: the caller hands its events
 * back for retry rather than price them from an older copy or the bundled book alone. A SnapStart
 * restore counts as stale too, whatever the clock says, so the first event after it reads again.
 */
public final class RuntimePrices implements PriceBookSource {

    /** The oldest a book may be when it prices; a new row takes effect at least ten minutes ahead, events at most five. */
    public static final Duration MAX_AGE = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(RuntimePrices.class);
    private static final AtomicLong RESTORES = new AtomicLong();

    private final PriceStore store;
    private final PriceBook bundled;
    private final Clock clock;
    private PriceBook book;
    private Instant readAt;
    private long readAfterRestore;

    public RuntimePrices(PriceStore store, PriceBook bundled, Clock clock) {
        this.store = store;
        this.bundled = bundled;
        this.clock = clock;
    }

    /** After a restore from a snapshot: every instance's book is read again before it prices. */
    public static void afterRestore() {
        RESTORES.incrementAndGet();
    }

    @Override
    public synchronized PriceBook current() {
        // Aged from before the read began: a book is never older than it says.
        Instant now = clock.instant();
        if (book != null && readAfterRestore == RESTORES.get() && now.isBefore(readAt.plus(MAX_AGE))) {
            return book;
        }
        long restores = RESTORES.get();
        book = null;
        PriceStore.Snapshot table;
        try {
            table = store.read();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the price rows put at runtime; nothing is priced until they can be: %s", e.toString());
            throw new PricesUnavailable("price rows unavailable: " + e.getMessage(), e);
        }
        PriceBook merged = bundled.with(table.rows(), table.ids());
        book = merged;
        readAt = now;
        readAfterRestore = restores;
        if (!table.rows().isEmpty() || !table.ids().isEmpty()) {
            LOG.debugf("price book read: %d rows and %d ids put at runtime over the bundled book", table.rows().size(), table.ids().size());
        }
        return merged;
    }
}
