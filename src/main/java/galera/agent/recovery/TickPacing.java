package galera.agent.recovery;

/**
 * When the agent's recovery thread ticks: every second while an election or a promotion may be pending, every
 * 5 s once mariadbd runs (RUNNING, or STARTING: joining, where a state transfer needs the CPU more than a tick
 * does), and not right after an action's own tick, which has just looked (a promote's fresh look, on a
 * recovering node's busiest second).
 */
public final class TickPacing {
    /** An action's tick that ended less than this long ago makes the periodic one redundant. */
    static final long RECENT_MS = 500;
    static final long PENDING_INTERVAL_MS = 1_000;
    static final long RUNNING_INTERVAL_MS = 5_000;
    /** The sooner look: just past {@link #RECENT_MS}, so that {@link #postponeBy} never takes it for an action's tick. */
    static final long QUICK_LOOK_MS = RECENT_MS + 50;

    private TickPacing() {
    }

    /**
     * @return 0 to tick now, or how long to wait instead (the periodic tick is then skipped, and the next one
     *         comes a second after the action's); a clock that stepped back never skips a tick
     */
    public static long postponeBy(long nowMs, long lastTickEndedMs) {
        long since = nowMs - lastTickEndedMs;
        return since >= 0 && since < RECENT_MS ? PENDING_INTERVAL_MS - since : 0;
    }

    /**
     * The wait after a tick that left the recovery in {@code phase}, having just published a new report or not. A
     * node that publishes a new report while it waits for the others' has most likely read the CIB a moment
     * before theirs landed: every agent publishes as soon as its position is known, the last ones within a fraction
     * of a second of each other after a power cut, and each reads before it writes. It looks again after
     * {@link #QUICK_LOOK_MS} instead of a second (seen on the lab: two agents each missed the other's report by 0.1 s,
     * and the decision came 1.8 s after the last report had landed).
     */
    public static long intervalAfter(Phase phase, boolean publishedNewReport) {
        if (phase == Phase.WAITING && publishedNewReport) {
            return QUICK_LOOK_MS;
        }
        return phase == Phase.RUNNING || phase == Phase.STARTING ? RUNNING_INTERVAL_MS : PENDING_INTERVAL_MS;
    }
}
