package galera.agent.election;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Galera position: the history (cluster state UUID) and the last committed seqno within it.
 *
 * <p>A seqno only means something inside its own history: after a re-bootstrap with a new UUID, seqno
 * 500 of the new history says nothing about seqno 9000 of the old one. So positions are ordered only
 * when {@link #sameHistory} holds, and this record deliberately does not implement Comparable.
 *
 * <p>Galera writes seqno -1 into grastate.dat while the server runs and leaves it there after a crash
 * (the real value must then be recovered with {@code mariadbd --wsrep-recover}). The all-zero UUID is
 * what grastate.dat holds for a node with no history, e.g. after Galera aborted it with "Reversing
 * history" and zeroed its state.
 */
public record Position(String clusterUuid, long seqno) {

    public static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
    public static final long UNKNOWN_SEQNO = -1;

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public Position {
        Objects.requireNonNull(clusterUuid, "clusterUuid");
        // Galera prints lower case; normalising means "ABC…" and "abc…" are never two histories.
        clusterUuid = clusterUuid.trim().toLowerCase(Locale.ROOT);
        if (!UUID_FORM.matcher(clusterUuid).matches()) {
            throw new IllegalArgumentException("cluster UUID '" + clusterUuid
                    + "' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (as in grastate.dat)");
        }
        if (seqno < UNKNOWN_SEQNO) {
            throw new IllegalArgumentException("seqno " + seqno + " is below -1 (Galera's 'unknown'); "
                    + "an unsigned 2^64-1 from a recovery must be mapped to -1 by the caller");
        }
    }

    /**
     * Parses "uuid:seqno" as printed by Galera ("WSREP: Recovered position: UUID:SEQNO") and by
     * {@code --wsrep-start-position}. The seqno is parsed as a number: comparing it as text, as Fuel's
     * mysql-wss did with {@code sort -r}, ranks "999" above "1000".
     */
    public static Position parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("position '" + text + "' is not of the form uuid:seqno");
        }
        String seqnoText = text.substring(colon + 1).trim();
        try {
            return new Position(text.substring(0, colon), Long.parseLong(seqnoText));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("position '" + text + "' has a seqno that is not a number", e);
        }
    }

    public boolean isZeroUuid() {
        return ZERO_UUID.equals(clusterUuid);
    }

    public boolean isSeqnoKnown() {
        return seqno != UNKNOWN_SEQNO;
    }

    /** Same non-zero history: only then may two seqnos be compared. */
    public boolean sameHistory(Position other) {
        return !isZeroUuid() && clusterUuid.equals(other.clusterUuid);
    }

    /** The form Galera uses in its logs and in {@code --wsrep-start-position}. */
    @Override
    public String toString() {
        return clusterUuid + ":" + seqno;
    }
}
