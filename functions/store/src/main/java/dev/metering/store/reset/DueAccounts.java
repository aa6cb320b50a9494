package dev.metering.store.reset;

import dev.metering.core.account.Account;
import dev.metering.store.DueIndex;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.DueMarker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Due cycles in one shard, lazily paged, each with its account. */
    Iterator<Due> inShard(int shard, Instant cutoff) {
        return index.pages(shard, cutoff).flatMap(page -> withAccounts(page).stream()).iterator();
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

    long count(Instant cutoff, List<Integer> shards) {
        long total = 0;
        for (int shard : shards) {
            total += index.count(shard, cutoff);
        }
        return total;
    }

    /** The end of the oldest open cycle that is due before {@code cutoff}, if any: one query of one item per shard. */
    Optional<Instant> oldestDue(Instant cutoff, List<Integer> shards) {
        Optional<Instant> oldest = Optional.empty();
        for (int shard : shards) {
            Optional<Instant> end = index.first(shard, cutoff).map(DueMarker::cycleEnd);
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
