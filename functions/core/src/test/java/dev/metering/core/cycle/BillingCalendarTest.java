package dev.metering.core.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BillingCalendarTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Test
    void anchorOnThe31stClampsToFebruaryAndReturnsToThe31st() {
        BillingCalendar calendar = new BillingCalendar(Instant.parse("2027-01-31T08:00:00Z"), UTC);
        assertThat(calendar.startOf(1)).isEqualTo(Instant.parse("2027-02-28T08:00:00Z"));
        assertThat(calendar.startOf(2)).isEqualTo(Instant.parse("2027-03-31T08:00:00Z"));
        assertThat(calendar.startOf(3)).isEqualTo(Instant.parse("2027-04-30T08:00:00Z"));
        assertThat(calendar.startOf(4)).isEqualTo(Instant.parse("2027-05-31T08:00:00Z"));
    }

    @Test
    void leapYearFebruaryEndsOnThe29th() {
        BillingCalendar calendar = new BillingCalendar(Instant.parse("2028-01-31T00:00:00Z"), UTC);
        assertThat(calendar.startOf(1)).isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(calendar.startOf(2)).isEqualTo(Instant.parse("2028-03-31T00:00:00Z"));
    }

    @Test
    void localTimeIsKeptAcrossDaylightSavingChanges() {
        // 08:00 in Los Angeles is 16:00Z in winter (PST) and 15:00Z in summer (PDT).
        BillingCalendar calendar = new BillingCalendar(Instant.parse("2027-02-17T16:00:00Z"), LOS_ANGELES);
        assertThat(calendar.startOf(1)).isEqualTo(Instant.parse("2027-03-17T15:00:00Z"));
        assertThat(calendar.startOf(9)).isEqualTo(Instant.parse("2027-11-17T16:00:00Z"));
        Cycle march = calendar.cycle(1);
        assertThat(Duration.between(march.start(), march.end())).isEqualTo(Duration.ofDays(31));
    }

    @Test
    void aSkippedLocalTimeMovesForwardByTheGap() {
        // 02:30 on 2027-03-14 does not exist in Los Angeles; it becomes 03:30 PDT = 10:30Z.
        BillingCalendar calendar = new BillingCalendar(Instant.parse("2027-02-14T10:30:00Z"), LOS_ANGELES);
        assertThat(calendar.startOf(1)).isEqualTo(Instant.parse("2027-03-14T10:30:00Z"));
        assertThat(calendar.cycleContaining(Instant.parse("2027-03-14T10:29:59Z")).index()).isZero();
        assertThat(calendar.cycleContaining(Instant.parse("2027-03-14T10:30:00Z")).index()).isEqualTo(1);
    }

    @Test
    void cyclesAreHalfOpen() {
        BillingCalendar calendar = new BillingCalendar(Instant.parse("2026-11-17T08:00:00Z"), UTC);
        Cycle first = calendar.cycleContaining(Instant.parse("2026-11-17T08:00:00Z"));
        assertThat(first.index()).isZero();
        assertThat(first.end()).isEqualTo(Instant.parse("2026-12-17T08:00:00Z"));
        assertThat(calendar.cycleContaining(first.end()).index()).isEqualTo(1);
        assertThat(calendar.cycleContaining(first.end().minusNanos(1)).index()).isZero();
        assertThat(calendar.cycleContaining(Instant.parse("2026-11-17T07:59:59Z")).index()).isEqualTo(-1);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(List.of("UTC", "America/Los_Angeles", "Europe/Berlin", "Australia/Lord_Howe",
                "America/Sao_Paulo", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns")).map(ZoneId::of);
    }

    private static final long YEAR_2020 = 1_577_836_800L; // 2020-01-01T00:00:00Z
    private static final long YEAR_2040 = 2_208_988_800L; // 2040-01-01T00:00:00Z

    @Property(tries = 2000)
    void everyInstantLiesInExactlyOneCycle(
            @ForAll @LongRange(min = YEAR_2020, max = YEAR_2040) long anchorSecond,
            @ForAll @LongRange(min = YEAR_2020, max = YEAR_2040) long instantSecond,
            @ForAll("zones") ZoneId zone) {
        BillingCalendar calendar = new BillingCalendar(Instant.ofEpochSecond(anchorSecond), zone);
        Instant instant = Instant.ofEpochSecond(instantSecond);
        Cycle cycle = calendar.cycleContaining(instant);
        assertThat(cycle.contains(instant)).isTrue();
        assertThat(calendar.cycle(cycle.index() - 1).contains(instant)).isFalse();
        assertThat(calendar.cycle(cycle.index() + 1).contains(instant)).isFalse();
    }

    @Property(tries = 500)
    void consecutiveCyclesTouchAndLastAboutAMonth(
            @ForAll @LongRange(min = YEAR_2020, max = YEAR_2040) long anchorSecond,
            @ForAll @IntRange(min = -24, max = 240) int index,
            @ForAll("zones") ZoneId zone) {
        BillingCalendar calendar = new BillingCalendar(Instant.ofEpochSecond(anchorSecond), zone);
        Cycle cycle = calendar.cycle(index);
        assertThat(calendar.next(cycle).start()).isEqualTo(cycle.end());
        Duration length = Duration.between(cycle.start(), cycle.end());
        assertThat(length).isBetween(Duration.ofDays(27), Duration.ofDays(32));
    }

    @Property(tries = 300)
    void anAnchorOnTheMonthsLastDayReturnsToItsDayWheneverTheMonthHasIt(
            @ForAll @IntRange(min = 0, max = 120) int index, @ForAll("zones") ZoneId zone) {
        Instant anchor = java.time.LocalDateTime.parse("2026-01-31T10:15:00").atZone(zone).toInstant();
        BillingCalendar calendar = new BillingCalendar(anchor, zone);
        java.time.LocalDate startDay = calendar.startOf(index).atZone(zone).toLocalDate();
        assertThat(startDay.getDayOfMonth()).isEqualTo(Math.min(31, startDay.lengthOfMonth()));
    }
}
