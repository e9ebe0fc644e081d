package galera.agent.position;

import galera.agent.election.Position;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mariadbd --defaults-file=F --wsrep-recover --log-error=L} and parses the recovered position,
 * the way MariaDB's galera_recovery does, but without systemd. The defaults file goes first, so that
 * /etc/mysql/my.cnf is not read (mariadbd only honours --defaults-file as the first argument).
 *
 * <p>It must never run while the server runs: on a live datadir it hangs ~30 s and then fails
 * (platform-facts, trap 6). The caller checks that first.
 */
public final class WsrepRecover {
    private static final Logger LOG = LogManager.getLogger(WsrepRecover.class);

    /**
     * The outcome: a position, or a reason it found none; the log it wrote; and what it had to do on the way
     * (empty, or the prepared transactions it rolled back).
     */
    public record Result(Position position, int preparedTransactions, String error, Path log, long durationMs, String note) {
        public boolean ok() { return position != null; }
    }

    private final Path mariadbd;
    private final Path datadir;
    private final String defaultsFile;
    private final Path logDir;
    private final long timeoutMs;

    public WsrepRecover(Path mariadbd, Path datadir, String defaultsFile, Path logDir, long timeoutMs) {
        this.mariadbd = mariadbd;
        this.datadir = datadir;
        this.defaultsFile = defaultsFile;
        this.logDir = logDir;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Recovers the position. When InnoDB holds prepared XA transactions that it cannot resolve by itself (their
     * transaction-coordinator log is gone), mariadbd refuses with "Found N prepared transactions" until it runs
     * with {@code --tc-heuristic-recover}. Those transactions were prepared but never committed, so no client was
     * ever told they committed, and a Galera node that lacks one gets it again from the cluster: they are rolled
     * back (as the upstream agent does too), and the result says how many. MariaDB 10.11 then stops with "Please
     * restart without --tc-heuristic-recover" and prints no position (checked on this platform), so the
     * position comes from a third, plain run.
     */
    public Result run() throws IOException, InterruptedException {
        Result first = runOnce(List.of());
        if (first.ok() || first.preparedTransactions() == 0) {
            return first;
        }
        LOG.warn("mariadbd --wsrep-recover found {} prepared XA transaction(s) it cannot resolve by itself; rolling "
                + "them back with --tc-heuristic-recover=rollback (log {})", first.preparedTransactions(), first.log());
        Result heuristic = runOnce(List.of("--tc-heuristic-recover=rollback"));
        Result third = runOnce(List.of());
        long took = first.durationMs() + heuristic.durationMs() + third.durationMs();
        if (!third.ok()) {
            return new Result(null, first.preparedTransactions(), first.error()
                    + "; after --tc-heuristic-recover=rollback (log " + heuristic.log() + "): " + third.error(),
                    third.log(), took, "");
        }
        return new Result(third.position(), first.preparedTransactions(), "", third.log(), took,
                "rolled back " + first.preparedTransactions() + " prepared XA transaction(s) with "
                        + "--tc-heuristic-recover=rollback (prepared, never committed, so never acknowledged to a "
                        + "client); logs " + first.log() + ", " + heuristic.log());
    }

    private Result runOnce(List<String> extra) throws IOException, InterruptedException {
        if (defaultsFile.isEmpty()) {
            return new Result(null, 0, "defaultsFile is not configured, so the server's options are unknown", null, 0, "");
        }
        Files.createDirectories(logDir);
        // Traversable, not listable, by the mysql user that mariadbd becomes (a umask such as the unit's 0007
        // would otherwise leave it 0770 root:root and the log unopenable).
        Files.setPosixFilePermissions(logDir, PosixFilePermissions.fromString("rwx--x--x"));
        String stamp = Instant.now().toString().replace(':', '-');
        Path log = logDir.resolve("wsrep-recover-" + stamp + ".log");
        Path out = logDir.resolve("wsrep-recover-" + stamp + ".out");
        // mariadbd drops to the server's user (user= in its options) before it opens --log-error, so the
        // file must exist and belong to that user; the datadir's owner is that user.
        Files.createFile(log);
        Files.setOwner(log, Files.getOwner(datadir));
        List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--defaults-file=" + defaultsFile,
                "--wsrep-recover", "--log-error=" + log));
        cmd.addAll(extra);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                .start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(null, 0, "mariadbd --wsrep-recover did not finish within " + timeoutMs + " ms; "
                    + "is the server still running on this datadir?", log, elapsed(start), "");
        }
        // Read both: if the log cannot be opened, mariadbd writes to stderr instead.
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
        int prepared = RecoverLog.preparedTransactions(lines);
        Position position = RecoverLog.recoveredPosition(lines).orElse(null);
        String error = "";
        if (position == null) {
            error = "no 'Recovered position' in " + log + " (exit " + p.exitValue() + ")"
                    + (prepared > 0 ? "; InnoDB has " + prepared + " prepared XA transaction(s)" : "") + nonEmpty(RecoverLog.errors(lines));
        }
        return new Result(position, prepared, error, log, elapsed(start), "");
    }

    private static String nonEmpty(String errors) {
        return errors.isEmpty() ? "" : ": " + errors;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
