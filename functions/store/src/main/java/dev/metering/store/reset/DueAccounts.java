package dev.metering.store.reset;

import static dev.metering.store.item.Attrs.s;

import dev.metering.core.account.Account;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.Attrs;
import dev.metering.store.item.Keys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

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
    private final DynamoDbClient dynamo;
    private final String table;

    DueAccounts(MeteringStore store) {
        this.store = store;
        this.dynamo = store.dynamo();
        this.table = store.config().tableName();
    }

    /**
     * Due cycles in one shard, lazily paged. The index is eventually consistent: a cycle listed may
     * have been closed meanwhile, which the close finds out from the cycle item itself.
     */
    Iterator<Due> inShard(int shard, Instant cutoff) {
        return dynamo.queryPaginator(b -> b.tableName(table).indexName(Keys.GSI2)
                        .keyConditionExpression("gsi2pk = :pk AND gsi2sk < :cutoff")
                        .expressionAttributeValues(Map.of(":pk", s(Keys.due(shard)), ":cutoff", s(Keys.time(cutoff)))))
                .stream().flatMap(page -> withAccounts(page.items()).stream()).iterator();
    }

    private List<Due> withAccounts(List<Map<String, AttributeValue>> markers) {
        List<String> ids = markers.stream().map(DueAccounts::accountId).distinct().toList();
        Map<String, Account> accounts = ids.isEmpty() ? Map.of() : store.findAccounts(ids);
        List<Due> due = new ArrayList<>(markers.size());
        for (Map<String, AttributeValue> marker : markers) {
            Account account = accounts.get(accountId(marker));
            if (account == null) {
                // An open cycle without its account: nothing a close could use; left for an operator.
                LOG.warnf("due cycle %s of %s has no account item; skipped", Attrs.str(marker, Keys.SK), accountId(marker));
            } else {
                due.add(new Due(account, cycleStart(marker), cycleEnd(marker)));
            }
        }
        return due;
    }

    private static String accountId(Map<String, AttributeValue> marker) {
        String order = Attrs.str(marker, Keys.GSI2SK);
        return order.substring(order.indexOf('#') + 1);
    }

    /** The cycle the marker stands on: its item's sort key, which a keys-only index carries too. */
    private static Instant cycleStart(Map<String, AttributeValue> marker) {
        return Keys.cycleStart(Attrs.str(marker, Keys.SK));
    }

    private static Instant cycleEnd(Map<String, AttributeValue> marker) {
        String order = Attrs.str(marker, Keys.GSI2SK);
        return Instant.parse(order.substring(0, order.indexOf('#')));
    }

    long count(Instant cutoff) {
        long total = 0;
        for (int shard = 0; shard < Keys.DUE_SHARDS; shard++) {
            int s = shard;
            total += dynamo.queryPaginator(b -> b.tableName(table).indexName(Keys.GSI2).select(Select.COUNT)
                            .keyConditionExpression("gsi2pk = :pk AND gsi2sk < :cutoff")
                            .expressionAttributeValues(Map.of(":pk", s(Keys.due(s)), ":cutoff", s(Keys.time(cutoff)))))
                    .stream().mapToLong(page -> page.count()).sum();
        }
        return total;
    }

    /** The end of the oldest open cycle that is due before {@code cutoff}, if any: one query of one item per shard. */
    Optional<Instant> oldestDue(Instant cutoff) {
        Optional<Instant> oldest = Optional.empty();
        for (int shard = 0; shard < Keys.DUE_SHARDS; shard++) {
            int s = shard;
            var items = dynamo.query(b -> b.tableName(table).indexName(Keys.GSI2).limit(1)
                    .keyConditionExpression("gsi2pk = :pk AND gsi2sk < :cutoff")
                    .expressionAttributeValues(Map.of(":pk", s(Keys.due(s)), ":cutoff", s(Keys.time(cutoff))))).items();
            if (!items.isEmpty()) {
                Instant end = cycleEnd(items.get(0));
                if (oldest.isEmpty() || end.isBefore(oldest.get())) {
                    oldest = Optional.of(end);
                }
            }
        }
        return oldest;
    }

    static int shards() {
        return Keys.DUE_SHARDS;
    }
}
