package galera.agent.election;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Galera's abort line for a node that was ahead of the Primary Component it joined, e.g.
 * {@code [ERROR] WSREP: ./gcs/src/gcs_group.cpp:group_post_state_exchange():453: Reversing history:
 * 55388 -> 52527, this member has applied 2861 more events than the primary component.Data loss is
 * possible. Must abort.} After this line mariadbd gets signal 6 and its grastate.dat is zeroed, so the
 * log line is the only record of how much would be lost; the agent must not restart such a node in a
 * loop (every restart after the zeroing is a full SST that silently drops the extra events).
 */
public final class ReversingHistory {

    /**
     * @param fromSeqno this member's seqno
     * @param toSeqno the Primary Component's seqno
     * @param extraEvents the events this member has applied that the primary has not, as Galera counted
     */
    public record Abort(long fromSeqno, long toSeqno, long extraEvents) {
    }

    private static final Pattern LINE = Pattern.compile(
            "Reversing history: (-?\\d+) -> (-?\\d+), this member has applied (\\d+) more events");

    private ReversingHistory() {
    }

    /** Empty for any other line, or for numbers too large for a long (never guessed). */
    public static Optional<Abort> parse(String logLine) {
        if (logLine == null) {
            return Optional.empty();
        }
        Matcher m = LINE.matcher(logLine);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Abort(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
