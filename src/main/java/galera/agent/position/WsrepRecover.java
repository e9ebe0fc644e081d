package galera.agent.position;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final String defaultsFile;
    private final Path logDir;
    private final long timeoutMs;

    public WsrepRecover(Path mariadbd, String defaultsFile, Path logDir, long timeoutMs) {
        this.mariadbd = mariadbd;
        this.defaultsFile = defaultsFile;
        this.logDir = logDir;
        this.timeoutMs = timeoutMs;
    }

    public Result run() throws IOException, InterruptedException {
        if (defaultsFile.isEmpty()) {
            return new Result(null, 0, "defaultsFile is not configured, so the server's options are unknown", null, 0);
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve("wsrep-recover-" + Instant.now().toString().replace(':', '-') + ".log");
        List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--defaults-file=" + defaultsFile,
                "--wsrep-recover", "--log-error=" + log));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("wsrep-recover.out").toFile()))
                .start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return new Result(null, 0, "mariadbd --wsrep-recover did not finish within " + timeoutMs + " ms; "
                    + "is the server still running on this datadir?", log, elapsed(start));
        }
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
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
