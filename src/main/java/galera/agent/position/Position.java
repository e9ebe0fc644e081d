package galera.agent.position;

import java.util.regex.Pattern;

/**
 * A Galera position: the history (cluster state UUID) and the last committed seqno in it. Two positions are
 * comparable only inside one history; a seqno from another UUID means nothing (Galera then needs a full SST).
 *
 * @param uuid  cluster state UUID, lower case; {@link #ZERO_UUID} means "no history"
 * @param seqno last committed seqno; -1 means unknown (crash, or server running)
 */
public record Position(String uuid, long seqno) {
    public static final String ZERO_UUID = "00000000-0000-0000-0000-000000000000";
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public Position {
        uuid = uuid.toLowerCase(java.util.Locale.ROOT);
        if (!UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("not a Galera UUID: '" + uuid + "'");
        }
        if (seqno < -1) {
            throw new IllegalArgumentException("seqno below -1: " + seqno);
        }
    }

    public boolean seqnoKnown() { return seqno >= 0; }

    public boolean zeroUuid() { return ZERO_UUID.equals(uuid); }

    /** The form mariadbd takes in {@code --wsrep-start-position} and prints in "Recovered position". */
    @Override
    public String toString() { return uuid + ":" + seqno; }

    /** Parses "UUID:SEQNO"; the inverse of {@link #toString()}. */
    public static Position parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a position (UUID:SEQNO): '" + text + "'");
        }
        try {
            return new Position(text.substring(0, colon).trim(), Long.parseLong(text.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a position (UUID:SEQNO): '" + text + "'");
        }
    }
}
