package dev.metering.store.recording;

import dev.metering.core.account.Account;
import dev.metering.core.budget.Tags;
import dev.metering.core.cycle.BillingCalendar;
import dev.metering.store.MeteringStore.TagRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one account's events of a batch need read before they are applied: the current cycle and
 * the cycles they occurred in, and in those and the current one, each tag value they carry that the
 * recorder does not already know is told apart ({@link AdmittedTags}); the values it knows, by cycle.
 */
record ReadPlan(Set<Instant> cycles, Set<TagRef> unknownTags, Map<Instant, Set<String>> knownTags) {

    static ReadPlan of(Account account, List<AccountRecorder.Accepted> events, Instant now, AdmittedTags admitted) {
        BillingCalendar calendar = account.calendar();
        Instant current = calendar.cycleContaining(now).start();
        Set<Instant> cycles = new LinkedHashSet<>();
        cycles.add(current);
        Set<TagRef> unknown = new HashSet<>();
        Map<Instant, Set<String>> known = new HashMap<>();
        // An account's events mostly carry the same tags: each set is looked at once per cycle.
        Map<Instant, Set<Tags>> seen = new HashMap<>();
        for (AccountRecorder.Accepted a : events) {
            Instant own = calendar.cycleContaining(a.event().occurredAt()).start();
            cycles.add(own);
            Tags carried = a.event().tags();
            if (carried.isEmpty() || !seen.computeIfAbsent(own, k -> new HashSet<>()).add(carried)) {
                continue;
            }
            carried.values().forEach((tag, value) -> {
                sort(new TagRef(account.id(), own, tag, value), admitted, unknown, known);
                if (!own.equals(current)) {
                    sort(new TagRef(account.id(), current, tag, value), admitted, unknown, known);
                }
            });
        }
        return new ReadPlan(cycles, unknown, known);
    }

    private static void sort(TagRef ref, AdmittedTags admitted, Set<TagRef> unknown, Map<Instant, Set<String>> known) {
        if (admitted.contains(ref)) {
            known.computeIfAbsent(ref.cycleStart(), k -> new HashSet<>()).add(ref.tag() + "=" + ref.value());
        } else {
            unknown.add(ref);
        }
    }
}
