package galera.agent.position;

import galera.agent.election.Position;

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
    /** The outcome of one run: a position, or a reason it found none; and the log it wrote. */
    public record Result(Position position, int preparedTransactions, String error, Path log, long durationMs) {
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

    public Result run() throws IOException, InterruptedException {
        if (defaultsFile.isEmpty()) {
            return new Result(null, 0, "defaultsFile is not configured, so the server's options are unknown", null, 0);
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
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
                .start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(null, 0, "mariadbd --wsrep-recover did not finish within " + timeoutMs + " ms; "
                    + "is the server still running on this datadir?", log, elapsed(start));
        }
        // Read both: if the log cannot be opened, mariadbd writes to stderr instead.
        List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
        lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
        int prepared = RecoverLog.preparedTransactions(lines);
        Position position = RecoverLog.recoveredPosition(lines).orElse(null);
        String error = "";
        if (position == null) {
            error = "no 'Recovered position' in " + log + " (exit " + p.exitValue() + ")"
                    + (prepared > 0 ? "; InnoDB has " + prepared + " prepared XA transaction(s), which need "
                    + "--tc-heuristic-recover" : "") + nonEmpty(RecoverLog.errors(lines));
        }
        return new Result(position, prepared, error, log, elapsed(start));
    }

    private static String nonEmpty(String errors) {
        return errors.isEmpty() ? "" : ": " + errors;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
