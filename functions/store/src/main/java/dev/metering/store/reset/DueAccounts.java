package dev.metering.store.reset;

import dev.metering.core.account.Account;
import dev.metering.store.DueIndex;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.DueMarker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterators;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Finds open cycles that ended before a cutoff, through the due index ({@code gsi2}, keys only):
 * one query per shard, oldest first, and one batch read of the accounts per page of it. The table
 * is never scanned.
 */
final class DueAccounts {

    private static final Logger LOG = Logger.getLogger(DueAccounts.class);

    /** An open cycle that is due, named by its marker (its start), with its account as read after the index listed it. */
    record Due(Account account, Instant cycleStart, Instant cycleEnd) {}

    private final MeteringStore store;
    private final DueIndex index;

    DueAccounts(MeteringStore store) {
        this.store = store;
        this.index = store.dueIndex();
    }

    /** How many shards' first pages are asked for at once. */
    static final int PARALLEL_FIRST_PAGES = 8;

    /**
     * The listings of several shards, each begun at once: the first page of every shard is asked for
     * in parallel, later pages as they are read. Most shards of a run hold one page or none, and
     * asking for each in turn would be most of the time of a run with little to close.
     */
    Listings inShards(List<Integer> shards, Instant cutoff) {
        return new Listings(shards, cutoff);
    }

    /** Begun listings, read shard by shard; closing it drops the first pages of shards not read. */
    final class Listings implements AutoCloseable {
        private final ExecutorService pool;
        private final Map<Integer, Future<Iterator<List<DueMarker>>>> firstPages = new HashMap<>();

        private Listings(List<Integer> shards, Instant cutoff) {
            pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_FIRST_PAGES, shards.size())), task -> {
                Thread thread = new Thread(task, "due-listing");
                thread.setDaemon(true);
                return thread;
            });
            for (int shard : shards) {
                firstPages.put(shard, pool.submit(() -> {
                    Iterator<List<DueMarker>> pages = index.pages(shard, cutoff).iterator();
                    pages.hasNext();
                    return pages;
                }));
            }
        }

        /** The shard's due cycles; a listing that failed fails here, for that shard alone. */
        Iterator<Due> shard(int shard) {
            Future<Iterator<List<DueMarker>>> first = firstPages.get(shard);
            if (first == null) {
                throw new IllegalArgumentException("shard " + shard + " was not listed");
            }
            try {
                return withAccounts(first.get());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing shard " + shard, e);
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** Due cycles, lazily paged, each with its account. */
    private Iterator<Due> withAccounts(Iterator<List<DueMarker>> pages) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, 0), false)
                .flatMap(page -> withAccounts(page).stream()).iterator();
    }

    private List<Due> withAccounts(List<DueMarker> markers) {
        List<String> ids = markers.stream().map(DueMarker::accountId).distinct().toList();
        Map<String, Account> accounts = ids.isEmpty() ? Map.of() : store.findAccounts(ids);
        List<Due> due = new ArrayList<>(markers.size());
        for (DueMarker marker : markers) {
            Account account = accounts.get(marker.accountId());
            if (account == null) {
                // An open cycle without its account: nothing a close could use; left for an operator.
                LOG.warnf("due cycle %s of %s has no account item; skipped", marker.cycleSortKey(), marker.accountId());
            } else {
                due.add(new Due(account, marker.cycleStart(), marker.cycleEnd()));
            }
        }
        return due;
    }

    /**
     * How many open cycles of {@code shards} are due before {@code cutoff}, best effort: a shard whose
     * count fails (past the SDK's retries) is left out and named in the log, never failing the others.
     */
    long count(Instant cutoff, List<Integer> shards) {
        long total = 0;
        for (int shard : shards) {
            try {
                total += index.count(shard, cutoff);
            } catch (RuntimeException e) {
                LOG.warnf("shard %d: could not count its due cycles, left out of the count: %s", shard, e.toString());
            }
        }
        return total;
    }

    /**
     * The end of the oldest open cycle that is due before {@code cutoff}, if any: one query of one item
     * per shard; a shard whose query fails is left out and named in the log.
     */
    Optional<Instant> oldestDue(Instant cutoff, List<Integer> shards) {
        Optional<Instant> oldest = Optional.empty();
        for (int shard : shards) {
            Optional<Instant> end;
            try {
                end = index.first(shard, cutoff).map(DueMarker::cycleEnd);
            } catch (RuntimeException e) {
                LOG.warnf("shard %d: could not find its oldest due cycle, left out: %s", shard, e.toString());
                continue;
            }
            if (end.isPresent() && (oldest.isEmpty() || end.get().isBefore(oldest.get()))) {
                oldest = end;
            }
        }
        return oldest;
    }

    int shards() {
        return index.shards();
    }
}
