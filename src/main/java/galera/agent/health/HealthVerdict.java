package galera.agent.health;

/**
 * What the health check says, and why in one sentence.
 *
 * @param state  UP (send traffic), DOWN (send none)
 * @param reason one line an operator reads in HAProxy's log or curl's output
 */
public record HealthVerdict(State state, String reason) {
    public enum State { UP, DOWN }

    public boolean available() { return state == State.UP; }

    /** 200 for UP, 503 otherwise: the codes Percona's clustercheck uses and HAProxy's httpchk expects. */
    public int httpStatus() { return available() ? 200 : 503; }

    static HealthVerdict up(String reason) { return new HealthVerdict(State.UP, reason); }

    static HealthVerdict down(String reason) { return new HealthVerdict(State.DOWN, reason); }
}
