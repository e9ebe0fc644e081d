package galera.agent.health;

/**
 * What the health check says, which table row decided it, and why in one sentence.
 *
 * @param state  UP (send traffic), DRAIN (no new connections, let the open ones finish), DOWN (send none),
 *               MAINT (an operator took the node out)
 * @param rule   the stable name of the row in docs/health.md that decided, e.g. {@code donor} or {@code read-only}:
 *               scripts (the clustercheck drop-in) match on it, never on the reason's wording
 * @param reason one line an operator reads in HAProxy's log, curl's output or JConsole
 */
public record HealthVerdict(State state, String rule, String reason) {
    public enum State { UP, DRAIN, DOWN, MAINT }

    public boolean available() { return state == State.UP; }

    /**
     * 200 for UP, 404 for DRAIN, 503 otherwise. 200 and 503 are the codes Percona's clustercheck uses; 404 is
     * what HAProxy's {@code http-check disable-on-404} turns into a soft stop (NOLB), and a plain
     * {@code http-check expect status 200} treats as down, so a drain is never mistaken for a healthy node.
     */
    public int httpStatus() {
        return switch (state) {
            case UP -> 200;
            case DRAIN -> 404;
            case DOWN, MAINT -> 503;
        };
    }

    /**
     * The line for HAProxy's agent-check. Each reply states the whole wanted state, because HAProxy keeps
     * whatever the agent said last: "ready" cancels a DRAIN or MAINT this agent set earlier.
     */
    public String agentReply() {
        return switch (state) {
            case UP -> "up ready";
            case DRAIN -> "up drain";
            case DOWN -> "ready down #" + oneLine(reason);
            case MAINT -> "maint";
        };
    }

    /** One line, for the agent protocol (it ends at the first CR or LF) and for logs. */
    static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    static HealthVerdict up(String rule, String reason) { return new HealthVerdict(State.UP, rule, reason); }

    static HealthVerdict drain(String rule, String reason) { return new HealthVerdict(State.DRAIN, rule, reason); }

    static HealthVerdict down(String rule, String reason) { return new HealthVerdict(State.DOWN, rule, reason); }

    static HealthVerdict maint(String rule, String reason) { return new HealthVerdict(State.MAINT, rule, reason); }
}
