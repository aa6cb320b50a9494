package dev.metering.core.notice;

import dev.metering.core.budget.Crossing;
import dev.metering.core.cycle.Cycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a write to an account's budgets tells: each mark its spend crossed from below, as the write
 * recorded it. The id is the crossing's own (account, cycle, kind and the crossing's discriminator:
 * the budget's start and its window, or the 5-minute step for the rolling hour), so a record
 * delivered twice tells nothing new, and each budget tells each mark once per window.
 */
public final class BudgetNotices {

    private BudgetNotices() {}

    public static List<Notice> of(String accountId, String organizationId, Cycle cycle, List<Crossing> crossings) {
        List<Notice> notices = new ArrayList<>();
        for (Crossing c : crossings) {
            NoticeKind kind = c.percent() >= Crossing.EXHAUSTED_PERCENT ? NoticeKind.BUDGET_EXHAUSTED : NoticeKind.BUDGET_THRESHOLD_REACHED;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("budgetId", c.budgetId());
            facts.put("window", c.window().wire());
            facts.put("windowStart", c.windowStart().toString());
            facts.put("windowEnd", c.windowEnd().toString());
            facts.put("thresholdPercent", c.percent());
            facts.put("spentUsd", c.spent().toUsdString());
            facts.put("limitUsd", c.limit().toUsdString());
            notices.add(new Notice(kind, Notice.id(accountId, cycle.start(), kind, c.discriminator()), accountId, organizationId, cycle,
                    c.at(), facts));
        }
        return notices;
    }
}
