package dev.metering.store.prices;

import dev.metering.core.price.PriceBook;
import dev.metering.core.price.PriceRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.jboss.logging.Logger;

/**
 * Puts price rows and ids at runtime, under the rules that keep every event priced at a row its
 * function has seen: a model that already has a price takes a new one only from {@link #LEAD}
 * ahead (events come stamped up to five minutes ahead, and a function's book may be a minute
 * old); a model with no price yet may take one from any instant, the past included, since nothing
 * was priced with it. Rows are never edited: the same row put again changes nothing, another row
 * at the same instant is refused. Ids are added, never moved.
 */
public final class PriceService {

    public static final Duration LEAD = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(PriceService.class);

    private final PriceStore store;
    private final PriceBook bundled;
    private final Clock clock;

    public PriceService(PriceStore store, PriceBook bundled, Clock clock) {
        this.store = store;
        this.bundled = bundled;
        this.clock = clock;
    }

    /** A put the rules refuse: {@code conflict} for the state of the book (409), else for the request (400). */
    public static final class Refused extends RuntimeException {
        private final String field;
        private final boolean conflict;

        Refused(String field, String problem, boolean conflict) {
            super(problem);
            this.field = field;
            this.conflict = conflict;
        }

        public String field() {
            return field;
        }

        public boolean conflict() {
            return conflict;
        }
    }

    /** The row as the book holds it now, whether this put created it, and the model's ids. */
    public record PutResult(boolean created, PriceRow row, SortedSet<String> ids) {}

    /** The bundled book with the table's rows and ids, read now. */
    public PriceBook book() {
        PriceStore.Snapshot table = store.read();
        return bundled.with(table.rows(), table.ids());
    }

    /**
     * Puts {@code row} (its model canonical) and adds {@code ids} to its model.
     *
     * @throws Refused when a rule refuses it
     */
    public PutResult put(PriceRow row, List<String> ids, String by) {
        Instant now = clock.instant();
        String model = row.model();
        PriceStore.Snapshot table = store.read();
        PriceBook book = bundled.with(table.rows(), table.ids());
        Optional<String> named = book.resolve(model);
        if (named.isPresent() && !named.get().equals(model)) {
            throw new Refused("model", model + " is an id of " + named.get() + ": put its price under " + named.get(), true);
        }
        List<String> newIds = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Optional<String> owner = book.resolve(id);
            if (owner.isPresent() && !owner.get().equals(model)) {
                throw new Refused("ids", (id.equals(owner.get()) ? id + " is another model's canonical id" : id + " already names " + owner.get())
                        + " (ids are never moved)", true);
            }
            if (owner.isEmpty() && !id.equals(model)) {
                newIds.add(id);
            }
        }
        if (table.ids().size() + newIds.size() > PriceStore.MAX_IDS) {
            throw new Refused("ids", "the table holds " + table.ids().size() + " ids put at runtime, at most " + PriceStore.MAX_IDS, true);
        }
        Optional<PriceRow> same = book.rows(model).stream().filter(r -> r.effectiveFrom().equals(row.effectiveFrom())).findFirst();
        boolean create;
        if (same.isPresent()) {
            if (!same.get().samePrices(row)) {
                throw new Refused("effectiveFrom", model + " already has a row from " + row.effectiveFrom()
                        + ": rows are never edited; a correction is a new row from a later instant", true);
            }
            create = false;
        } else {
            if (book.hasPrice(model) && row.effectiveFrom().isBefore(now.plus(LEAD))) {
                throw new Refused("effectiveFrom", model + " already has a price: a new one takes effect at least " + LEAD.toMinutes()
                        + " minutes ahead, from " + now.plus(LEAD) + " or later", true);
            }
            if (table.rows().size() >= PriceStore.MAX_ROWS) {
                throw new Refused("model", "the table holds " + PriceStore.MAX_ROWS + " price rows put at runtime, the most it may", true);
            }
            create = true;
        }
        if (create || !newIds.isEmpty()) {
            try {
                store.put(model, create ? row.recorded(now, by) : null, table.rowCounts().getOrDefault(model, 0L), newIds, now, by);
            } catch (PriceStore.Concurrent e) {
                throw new Refused("model", "the prices of " + model + " changed while this was put; read them and try again", true);
            }
            LOG.infof("prices: %s %s from %s%s, by %s", create ? "new row for" : "ids for", model, row.effectiveFrom(),
                    newIds.isEmpty() ? "" : " (ids added: " + String.join(", ", newIds) + ")", by);
        }
        PriceBook after = book.with(create ? List.of(row.recorded(now, by)) : List.of(), newIds.stream()
                .collect(java.util.stream.Collectors.toMap(id -> id, id -> model)));
        PriceRow stored = after.rows(model).stream().filter(r -> r.effectiveFrom().equals(row.effectiveFrom())).findFirst().orElseThrow();
        return new PutResult(create, stored, after.idsOf(model));
    }
}
