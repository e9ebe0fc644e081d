package galera.agent.position;

import galera.agent.election.Position;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code mariadbd --wsrep-recover} wrote to its error log. MariaDB prints
 * {@code [Note] WSREP: Recovered position: UUID:SEQNO} (sql/wsrep_mysqld.cc); MariaDB's own
 * {@code galera_recovery} script parses the same line. When InnoDB finds prepared XA transactions it prints
 * {@code Found N prepared transaction(s) in InnoDB} and refuses to recover until they are resolved with
 * {@code --tc-heuristic-recover}.
 */
public final class RecoverLog {
    private static final Pattern RECOVERED = Pattern.compile(
            "WSREP: Recovered position:?\\s+([0-9a-fA-F-]{36}):(-?\\d+)");
    private static final Pattern PREPARED = Pattern.compile("Found (\\d+) prepared transaction");

    private RecoverLog() {
    }

    /** The last "Recovered position" in the log, if any. */
    public static Optional<Position> recoveredPosition(List<String> lines) {
        Position found = null;
        for (String line : lines) {
            Matcher m = RECOVERED.matcher(line);
            if (m.find()) {
                found = new Position(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many prepared XA transactions InnoDB reported; 0 when none. */
    public static int preparedTransactions(List<String> lines) {
        int n = 0;
        for (String line : lines) {
            Matcher m = PREPARED.matcher(line);
            if (m.find()) {
                n = Integer.parseInt(m.group(1));
            }
        }
        return n;
    }

    /** The last few [ERROR] lines, to explain a failed recover. */
    public static String errors(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.stream().filter(l -> l.contains("[ERROR]")).skip(Math.max(0,
                lines.stream().filter(l -> l.contains("[ERROR]")).count() - 3)).forEach(l -> {
                    if (sb.length() > 0) {
                        sb.append(" | ");
                    }
                    sb.append(l.strip());
                });
        return sb.toString();
    }
}
