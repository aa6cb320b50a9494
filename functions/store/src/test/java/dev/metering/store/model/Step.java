package dev.metering.store.model;

import java.util.List;
import java.util.Random;

/**
 * One action of a model-based run, as plain data: every choice is made when the sequence is drawn,
 * so that a sequence replays exactly and can be shrunk by leaving steps out.
 */
sealed interface Step {

    /** Time moves forward. */
    record Advance(long millis) implements Step {}

    /** Time moves to just before or after the end of an account's current cycle. */
    record ToBoundary(int account, long offsetMillis) implements Step {}

    /**
     * One delivery of a batch, optionally through a client that throttles and conflicts
     * ({@code faultSeed} not 0), or with a Lambda deadline that passes after {@code deadlineChecks}
     * of the recorder's checks (-1: none); what comes back for retry is delivered again until done.
     */
    record Record(List<Ev> events, long faultSeed, int deadlineChecks) implements Step {}

    record Claim(int account) implements Step {}

    record ExtraUsage(int account, boolean enabled, Long capUsd) implements Step {}

    record Plan(int account, String plan) implements Step {}

    record Adjust(int account, boolean programmatic, long nanos) implements Step {}

    /**
     * Around a cycle opened early: time moves to {@code minutesBefore} the end of the account's cycle, an
     * event stamped past the end opens the next one and spends {@code input} tokens of opus in it, then
     * the plan changes in the order given (down, up, back, ...), each change a step of its own in the run.
     */
    record EarlyOpenedPlans(int account, int minutesBefore, long input, List<String> plans) implements Step {}

    /** The reset: as of now, run twice, killed after some accounts then run again, or asked for an instant years ahead. */
    record Reset(String mode, int killAfter) implements Step {}

    /** DynamoDB's TTL sweeper: every item whose ttl has passed is deleted. */
    record TtlSweep() implements Step {}

    /**
     * One event to send. {@code when}: NOW (minutes back), AHEAD (up to 5 minutes ahead), TOO_FAR
     * (beyond the skew), START (the account's cycle start), LAST_MS (the last millisecond of the
     * previous cycle), MONTHS (months back). {@code dupOf} >= 0 resends an earlier event, as sent
     * ({@code reuse} false) or with another body under its id ({@code reuse} true).
     */
    record Ev(int account, String when, long offsetMillis, int source, int model, boolean batch, long input, long output,
              long write5m, long write1h, long read, int dupOf, boolean reuse, Shape shape) {}

    /**
     * How the event's usage object looks, as the API returns it: {@code newModel} >= 0 names a model
     * of {@link #NEW_MODELS} instead; {@code snapshotId} sends its dated id; {@code tierTop} is KEEP (the
     * top-level serviceTier from {@code batch}), ABSENT or a tier; {@code tierUsage} and {@code geo} are
     * ABSENT, NULL or a value; {@code unknown} adds a misspelt field (usage or top); {@code contextTokens}
     * >= 0 makes the cache reads bring the input to that many tokens (around a long-context threshold).
     */
    record Shape(int newModel, boolean snapshotId, String tierTop, String tierUsage, String geo, long searches, long fetches,
                 String unknown, long contextTokens, java.util.Map<String, String> tags) {
        static final Shape PLAIN = new Shape(-1, false, "KEEP", "ABSENT", "ABSENT", 0, 0, null, -1, java.util.Map.of());
    }

    /**
     * A budget set or deleted: {@code match} 0 all, 1 a source ({@code source}), 2 the tag team=search; the
     * window (cycle, day, hour), the limit in cents, pause or notify.
     */
    record SetBudget(int account, String budgetId, boolean delete, int match, int source, String window, long limitCents, boolean pause)
            implements Step {}

    /**
     * A price put at runtime: NEW for {@link #RUNTIME_MODEL} from {@code offsetMillis} before now (refused
     * once it has a price), AHEAD for a priced model from ten minutes and {@code offsetMillis} ahead, SOON
     * for one less than ten minutes ahead (refused).
     */
    record PutPrice(String kind, long offsetMillis, boolean doubled) implements Step {}

    List<String> SOURCES = List.of("agent-sdk", "claude-code-headless", "claude-code", "claude-web", "third-party:ci-bot",
            "claude-code-github-actions", "cowork");
    List<String> MODELS = List.of("claude-sonnet-4-6", "claude-opus-4-1", "claude-haiku-4-5", "claude-opus-4-7", "claude-haiku-3-5");
    /** Models of the current book's generation, and one no book prices until a run puts its price. */
    List<String> NEW_MODELS = List.of("claude-sonnet-5", "claude-haiku-5-5", "claude-sonnet-4-5", PolicyModel.RUNTIME_MODEL);
    List<String> PROGRAMMATIC_SOURCES = List.of("agent-sdk", "claude-code-headless", "third-party:ci-bot");
    /** A source index that stands for a third-party app name of 6,000 characters. */
    int LONG_SOURCE = 99;
    List<String> PLANS = List.of("pro", "max-5x", "max-20x", "team-standard", "team-premium");

    /**
     * Draws a sequence of {@code length} steps over {@code accounts} accounts. The shapes of usage objects
     * and the price puts come from a second stream, so that a seed draws the same steps it always drew.
     */
    static List<Step> draw(long seed, int accounts, int length) {
        Random r = new Random(seed);
        Random shapes = new Random(seed * 31 + 0x5DEECE66DL);
        List<Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < length; i++) {
            if (shapes.nextInt(40) == 0) {
                String[] kinds = {"NEW", "NEW", "AHEAD", "SOON"};
                steps.add(new PutPrice(kinds[shapes.nextInt(kinds.length)], 1 + shapes.nextInt(3_000_000), shapes.nextBoolean()));
            }
            if (shapes.nextInt(8) == 0) {
                String[] windows = {"cycle", "day", "hour"};
                steps.add(new SetBudget(shapes.nextInt(accounts), "b" + shapes.nextInt(4), shapes.nextInt(6) == 0, shapes.nextInt(3),
                        shapes.nextInt(PROGRAMMATIC_SOURCES.size()), windows[shapes.nextInt(3)], 1 + shapes.nextInt(2_000), shapes.nextBoolean()));
            }
            int a = r.nextInt(accounts);
            int roll = r.nextInt(100);
            Step s;
            if (roll < 1) {
                // Past a debit's former 400-day TTL, so that the sweep would find it.
                s = new Advance(86_400_000L * (400 + r.nextInt(30)));
            } else if (roll < 12) {
                long[] spans = {60_000L * (1 + r.nextInt(59)), 3_600_000L * (1 + r.nextInt(47)), 86_400_000L * (1 + r.nextInt(40))};
                s = new Advance(spans[r.nextInt(spans.length)]);
            } else if (roll < 20) {
                // Half the time a few minutes before the end, where events stamped ahead open the next cycle early.
                s = new ToBoundary(a, r.nextBoolean() ? -60_000L * (1 + r.nextInt(4)) : 60_000L * r.nextInt(11));
            } else if (roll < 48) {
                s = new Record(events(r, shapes, accounts, 1 + r.nextInt(6)), 0, -1);
            } else if (roll < 52) {
                s = new Record(events(r, shapes, accounts, 2 + r.nextInt(8)), 0, r.nextInt(3));
            } else if (roll < 58) {
                s = new Record(events(r, shapes, accounts, 2 + r.nextInt(8)), 1 + r.nextInt(1_000_000), -1);
            } else if (roll < 64) {
                s = new Claim(a);
            } else if (roll < 71) {
                Long cap = r.nextInt(3) == 0 ? null : (long) r.nextInt(60);
                s = new ExtraUsage(a, r.nextInt(4) != 0, cap);
            } else if (roll < 77) {
                s = new Plan(a, PLANS.get(r.nextInt(PLANS.size())));
            } else if (roll < 79) {
                long nanos = (r.nextInt(41) - 20) * 500_000_000L + 1;
                s = new Adjust(a, r.nextBoolean(), nanos);
            } else if (roll < 81) {
                List<String> plans = new java.util.ArrayList<>();
                for (int n = 2 + r.nextInt(3); n > 0; n--) {
                    plans.add(PLANS.get(r.nextInt(PLANS.size())));
                }
                s = new EarlyOpenedPlans(a, 1 + r.nextInt(4), 1_000_000L * (1 + r.nextInt(12)), plans);
            } else if (roll < 95) {
                String[] modes = {"NOW", "NOW", "NOW", "TWICE", "KILLED", "FUTURE"};
                s = new Reset(modes[r.nextInt(modes.length)], r.nextInt(3));
            } else {
                s = new TtlSweep();
            }
            steps.add(s);
        }
        return steps;
    }

    private static List<Ev> events(Random r, Random shapes, int accounts, int n) {
        List<Ev> out = new java.util.ArrayList<>();
        String[] whens = {"NOW", "NOW", "NOW", "NOW", "AHEAD", "START", "LAST_MS", "MONTHS", "TOO_FAR"};
        for (int i = 0; i < n; i++) {
            int account = r.nextInt(25) == 0 ? -1 : r.nextInt(accounts);
            String when = whens[r.nextInt(whens.length)];
            long offset = switch (when) {
                case "AHEAD" -> 1 + r.nextInt(300_000);
                case "TOO_FAR" -> 300_001 + r.nextInt(600_000);
                case "MONTHS" -> 86_400_000L * (20 + r.nextInt(120));
                default -> r.nextInt(3_600_000);
            };
            long scale = r.nextInt(10) == 0 ? 1_000_000 : 50_000;
            long input = r.nextInt((int) scale);
            long output = r.nextInt((int) scale);
            long read = r.nextInt(4) == 0 ? r.nextInt(200_000) : 0;
            long w5 = r.nextInt(5) == 0 ? r.nextInt(20_000) : 0;
            long w1 = r.nextInt(8) == 0 ? r.nextInt(20_000) : 0;
            int absurd = r.nextInt(40);
            if (absurd == 0) {
                output = 100_000_001L + r.nextInt(1000);
            } else if (absurd == 1) {
                input = 300_000_000_000_000L;
            } else if (absurd == 2) {
                output = 100_000_000L;
            }
            int dupOf = r.nextInt(6) == 0 ? r.nextInt(1000) : -1;
            int source = absurd == 3 ? LONG_SOURCE : r.nextInt(SOURCES.size());
            out.add(new Ev(account, when, offset, source, r.nextInt(MODELS.size()), r.nextInt(6) == 0,
                    input, output, w5, w1, read, dupOf, dupOf >= 0 && r.nextInt(3) == 0, shape(shapes)));
        }
        return out;
    }

    private static Shape shape(Random s) {
        if (s.nextInt(3) == 0) {
            return Shape.PLAIN;
        }
        String[] tops = {"KEEP", "KEEP", "KEEP", "ABSENT", "standard", "batch", "priority"};
        String[] usages = {"ABSENT", "ABSENT", "NULL", "standard", "batch", "priority"};
        String[] geos = {"ABSENT", "ABSENT", "NULL", "global", "us", "us"};
        String top = tops[s.nextInt(tops.length)];
        // Mostly the same tier in both places when both are given; now and then they disagree.
        String usage = usages[s.nextInt(usages.length)];
        if (!top.equals("KEEP") && !top.equals("ABSENT") && !usage.equals("ABSENT") && !usage.equals("NULL") && s.nextInt(8) != 0) {
            usage = top;
        }
        String geo = s.nextInt(60) == 0 ? "eu" : geos[s.nextInt(geos.length)];
        long[] thresholds = {100_000, 200_000};
        long context = s.nextInt(4) == 0 ? thresholds[s.nextInt(2)] - 3 + s.nextInt(7) : -1;
        int unknown = s.nextInt(50);
        java.util.Map<String, String> tags = new java.util.TreeMap<>();
        if (s.nextInt(3) != 0) {
            tags.put("team", s.nextBoolean() ? "search" : "ads");
        }
        if (s.nextInt(3) == 0) {
            tags.put("run", "r" + s.nextInt(3));
        }
        return new Shape(s.nextInt(3) == 0 ? s.nextInt(NEW_MODELS.size()) : -1, s.nextBoolean(), top, usage, geo,
                s.nextInt(5) == 0 ? 1 + s.nextInt(5) : 0, s.nextInt(6) == 0 ? 1 + s.nextInt(3) : 0,
                unknown == 0 ? "usage" : unknown == 1 ? "top" : null, context, tags);
    }
}
