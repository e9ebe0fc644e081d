package galera.agent.health;

/**
 * What an operator asked HAProxy to do with this node, independent of the database's state.
 *
 * @param mode   READY (follow the health table), DRAIN (no new connections) or MAINT (out of rotation)
 * @param reason the operator's words, shown in the verdict and the audit log
 * @param by     who asked (the authenticated Jolokia or JMX user)
 * @param atMs   when, epoch milliseconds; 0 for the initial READY
 */
public record AdminState(Mode mode, String reason, String by, long atMs) {
    public enum Mode { READY, DRAIN, MAINT }

    public static final AdminState READY = new AdminState(Mode.READY, "", "", 0);

    public AdminState {
        reason = reason == null ? "" : HealthVerdict.oneLine(reason);
        by = by == null ? "" : HealthVerdict.oneLine(by);
    }
}
