package galera.agent.recovery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TickPacingTest {
    static final long NOW = 1_795_700_000_000L;

    @Test
    void aPeriodicTickRightAfterAnActionsTickWaitsUntilASecondAfterIt() {
        assertEquals(800, TickPacing.postponeBy(NOW, NOW - 200));
        assertEquals(1_000, TickPacing.postponeBy(NOW, NOW));
        assertEquals(501, TickPacing.postponeBy(NOW, NOW - 499));
    }

    @Test
    void otherwiseItTicksNow() {
        assertEquals(0, TickPacing.postponeBy(NOW, NOW - 500));
        assertEquals(0, TickPacing.postponeBy(NOW, NOW - 60_000));
        assertEquals(0, TickPacing.postponeBy(NOW, Long.MIN_VALUE / 2), "never ticked");
        assertEquals(0, TickPacing.postponeBy(NOW, NOW + 3_000), "the clock stepped back: never skip");
    }

    @Test
    void everySecondWhileSomethingIsPendingEveryFiveOnceMariadbdRuns() {
        for (Phase p : Phase.values()) {
            long expected = p == Phase.RUNNING || p == Phase.STARTING ? 5_000 : 1_000;
            assertEquals(expected, TickPacing.intervalAfter(p, false), p.name());
        }
    }

    @Test
    void aNodeThatJustPublishedWhileItWaitsForTheOthersLooksAgainSooner() {
        assertEquals(550, TickPacing.intervalAfter(Phase.WAITING, true));
        assertEquals(1_000, TickPacing.intervalAfter(Phase.WAITING, false));
        assertEquals(1_000, TickPacing.intervalAfter(Phase.ELECTED, true), "only while it waits for reports");
        assertEquals(5_000, TickPacing.intervalAfter(Phase.RUNNING, true));
        assertEquals(0, TickPacing.postponeBy(NOW, NOW - TickPacing.intervalAfter(Phase.WAITING, true)),
                "the sooner look is not taken for an action's tick and postponed");
    }
}
