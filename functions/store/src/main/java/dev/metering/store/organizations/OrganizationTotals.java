package dev.metering.store.organizations;

import dev.metering.core.cycle.CreditTotals;
import dev.metering.core.cycle.SeatShare;
import dev.metering.store.Backoff;
import dev.metering.store.MeteringStore;
import dev.metering.store.item.MeteringTable;
import dev.metering.store.item.OrganizationTotalsItem;
import dev.metering.store.item.SeatShareItem;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An organization's totals, kept as its seats' cycles change, from the table's stream: never on the
 * debit's path (an organization's seats share no partition, so totals kept there would serialise
 * every seat's debits). Each seat's share is replaced only by a later cycle or a later version of
 * the same one ({@link SeatShare}), and the totals change by the difference in the same
 * transaction, so a record told twice or a stream replayed adds nothing. A seat that moves is taken
 * out of the one organization and put in the other by the write that moved it (its cycle written
 * again with the new organization). The totals lag the table by the stream's delay: they carry the
 * time of the latest change they hold.
 */
public final class OrganizationTotals {

    private final MeteringStore store;
    private final MeteringTable table;

    public OrganizationTotals(DynamoDbClient dynamo, MeteringStore store) {
        this.store = store;
        this.table = new MeteringTable(dynamo, store.config().tableName());
    }

    /** The totals and the time of the latest change they hold; empty when no change reached them yet. */
    public record Totals(CreditTotals totals, Instant asOf) {}

    public Optional<Totals> read(String organizationId) {
        OrganizationTotalsItem item = table.organizationTotals().getItem(GetItemEnhancedRequest.builder()
                .key(OrganizationTotalsItem.key(organizationId)).consistentRead(true).build());
        return Optional.ofNullable(item).map(i -> new Totals(i.toTotals(), i.asOf()));
    }

    /**
     * Applies one write of a seat's cycle to the organizations it concerns: the seat's share in the one
     * it is in after the write, and its leaving of the one it was in before, if it moved.
     *
     * @return how many organizations' totals changed (0 for a change applied already, or one that changes nothing)
     */
    public int apply(SeatChange change) {
        String accountId = change.pools().accountId();
        int changed = 0;
        if (change.organizationAfter() != null) {
            changed += applyShare(change.organizationAfter(), accountId, SeatShare.of(change.pools(), change.pools().version()), change.at());
        }
        if (change.organizationBefore() != null && !Objects.equals(change.organizationBefore(), change.organizationAfter())) {
            changed += applyShare(change.organizationBefore(), accountId,
                    SeatShare.left(change.pools().cycle().start(), change.pools().version()), change.at());
        }
        return changed;
    }

    private int applyShare(String organizationId, String accountId, SeatShare share, Instant at) {
        for (int attempt = 1; ; attempt++) {
            SeatShareItem stored = table.seatShares().getItem(GetItemEnhancedRequest.builder()
                    .key(SeatShareItem.key(organizationId, accountId)).consistentRead(true).build());
            SeatShare applied = stored == null ? null : stored.toShare();
            if (!share.supersedes(applied)) {
                return 0;
            }
            CreditTotals difference = share.changeFrom(applied);
            if (difference.isZero() && applied != null) {
                // Nothing to add: the share kept is as good as this one for every later change.
                return 0;
            }
            if (store.transaction().seatShare(organizationId, accountId, share, applied).addToTotals(organizationId, difference, at)
                    .tryCommit()) {
                return 1;
            }
            // Another write of this seat's share got in first: read it again.
            if (attempt >= store.config().maxAttempts()) {
                throw new IllegalStateException("the share of " + accountId + " in " + organizationId + " kept conflicting ("
                        + attempt + " attempts)");
            }
            Backoff.sleep(store.config(), attempt);
        }
    }
}
