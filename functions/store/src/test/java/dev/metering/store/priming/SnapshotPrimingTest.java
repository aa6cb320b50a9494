package dev.metering.store.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The warm-up never reaches a request when it fails; the snapshot waits for it; the build's class list is loaded. */
class SnapshotPrimingTest {

    /** Named in this module's test copy of the build's list. */
    static final class Listed {
        static final AtomicBoolean INITIALISED = new AtomicBoolean();

        static {
            INITIALISED.set(true);
        }
    }

    @Test
    void theBuildsListIsLoadedAndInitialisedSkippingWhatIsNoLongerThere() throws Exception {
        assertThat(SnapshotPriming.preloadListedClasses(getClass().getClassLoader())).as("the one class that exists").isEqualTo(1);
        assertThat(Listed.INITIALISED).isTrue();
    }

    @Test
    void aFailingWarmUpIsReportedNotThrown() {
        assertThat(new Steps(() -> {
            throw new IllegalStateException("broken on purpose");
        }, () -> {}).warmUpNow()).isFalse();
        assertThat(new Steps(() -> {}, () -> {}).warmUpNow()).isTrue();
    }

    @Test
    void theSnapshotWaitsForTheWarmUpThenPrimes() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "a warm-up thread starts only with a second processor");
        CountDownLatch warmedUp = new CountDownLatch(1);
        AtomicBoolean primedAfterWarmUp = new AtomicBoolean();
        Steps steps = new Steps(() -> {
            Thread.sleep(200);
            warmedUp.countDown();
        }, () -> primedAfterWarmUp.set(warmedUp.getCount() == 0));
        steps.startWarmUp();
        steps.primeForSnapshot();
        assertThat(primedAfterWarmUp).as("prime ran after the warm-up had finished").isTrue();
    }

    @Test
    void theSnapshotRunsTheWarmUpsPathsOnlyWhenNoThreadRanThemToTheirEnd() {
        AtomicInteger runs = new AtomicInteger();
        Steps notWarmed = new Steps(runs::incrementAndGet, () -> {});
        notWarmed.primeForSnapshot();
        assertThat(runs).as("no warm-up thread: the snapshot runs its paths").hasValue(1);

        Steps warmed = new Steps(runs::incrementAndGet, () -> {});
        assertThat(warmed.warmUpNow()).isTrue();
        warmed.primeForSnapshot();
        assertThat(runs).as("warmed up already: not run twice").hasValue(2);

        Steps failing = new Steps(() -> {
            throw new IllegalStateException("broken on purpose");
        }, () -> {});
        assertThat(failing.warmUpNow()).isFalse();
        assertThatThrownBy(failing::primeForSnapshot).as("what a warm-up could not do fails the snapshot")
                .hasMessageContaining("broken on purpose");
    }

    @Test
    void aFailingPrimingFailsTheSnapshot() {
        Steps steps = new Steps(() -> {}, () -> {
            throw new IllegalStateException("broken on purpose");
        });
        assertThatThrownBy(steps::primeForSnapshot).isInstanceOf(IllegalStateException.class).hasMessageContaining("broken on purpose");
    }

    @Test
    void theWarmUpRunsOnAThreadOfItsOwn() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean elsewhere = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        new Steps(() -> {
            elsewhere.set(Thread.currentThread() != caller && Thread.currentThread().isDaemon());
            ran.countDown();
        }, () -> {}).startWarmUp();
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(elsewhere).isTrue();
        } else {
            assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("one processor: no warm-up thread").isFalse();
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static final class Steps extends SnapshotPriming {
        private final Step warmUp;
        private final Step prime;

        Steps(Step warmUp, Step prime) {
            this.warmUp = warmUp;
            this.prime = prime;
        }

        @Override
        protected void warmUp() throws Exception {
            warmUp.run();
        }

        @Override
        protected void prime() throws Exception {
            prime.run();
        }
    }
}
