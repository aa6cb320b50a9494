package dev.metering.core.ledger;

import dev.metering.core.cycle.CyclePools;
import dev.metering.core.debit.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The GRANT entries that record what a cycle's pools hold when it opens. Their ids are fixed per
 * cycle and pool, so that two racing openers cannot both record a grant.
 */
public final class OpeningGrants {

    /** At most one grant per pool. */
    public static final int MAX = 2;

    private OpeningGrants() {}

    public static List<LedgerEntry> of(CyclePools opened, Instant at) {
        List<LedgerEntry> grants = new ArrayList<>(MAX);
        for (Pool pool : List.of(opened.programmatic(), opened.interactive())) {
            if (pool.granted().isPositive()) {
                grants.add(LedgerEntry.movement(entryId(opened, pool), EntryKind.GRANT, pool.kind(), at,
                        opened.cycle().start(), pool.granted(), "cycle opened on plan " + opened.plan()));
            }
        }
        return grants;
    }

    public static String entryId(CyclePools cycle, Pool pool) {
        return "grant:" + cycle.cycle().start().getEpochSecond() + ":" + pool.kind().name().toLowerCase();
    }
}
