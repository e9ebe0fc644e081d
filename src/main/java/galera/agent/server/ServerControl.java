package galera.agent.server;

import galera.agent.election.Position;
import galera.agent.io.AtomicFiles;
import galera.agent.position.Grastate;
import galera.agent.position.MariadbdProcess;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Starts and stops the local mariadbd. It is launched through {@code setsid -f}, so it is not the agent's
 * child and keeps running when the agent stops or restarts; it is tracked by its real pid from /proc, never
 * by the pid file (which survives kill -9). Files in the datadir are edited atomically and never deleted:
 * "discard" moves them aside with a timestamp.
 */
public class ServerControl { // not final: a unit test makes a move fail half-way (RecoveryTest)
    private static final Logger LOG = LogManager.getLogger(ServerControl.class);
    public static final String GVWSTATE = "gvwstate.dat";
    /** Galera's default gcache.name, in the datadir. */
    public static final String GCACHE = "galera.cache";

    /** How this start joins the cluster. */
    public enum Mode { BOOTSTRAP, JOIN }

    private final Path mariadbd;
    private final String defaultsFile;
    private final Path datadir;
    private final Path stateDir;
    private final MariadbdProcess process;
    private final long stopTimeoutMs;

    public ServerControl(Path mariadbd, String defaultsFile, Path datadir, Path stateDir, MariadbdProcess process,
                         long stopTimeoutMs) {
        this.mariadbd = mariadbd;
        this.defaultsFile = defaultsFile;
        this.datadir = datadir;
        this.stateDir = stateDir;
        this.process = process;
        this.stopTimeoutMs = stopTimeoutMs;
    }

    public Optional<Long> pid() {
        return process.find(defaultsFile, datadir);
    }

    /**
     * Whether mariadbd ({@code pid}, as the caller's own {@link #pid()} found it: no second /proc scan) runs
     * the joiner side of a state transfer (its wsrep_sst_* script) right now.
     */
    public boolean receivingStateTransfer(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().anyMatch(ServerControl::isSstJoiner)).orElse(false);
    }

    /** The command line for a start: the defaults file first (mariadbd reads it only there). */
    public List<String> command(Mode mode, Position startPosition) {
        List<String> cmd = new ArrayList<>(List.of("setsid", "-f", mariadbd.toString(), "--defaults-file=" + defaultsFile));
        if (mode == Mode.BOOTSTRAP) {
            cmd.add("--wsrep-new-cluster");
        }
        // Galera trusts the given position over its own: without it a crashed node starts a new history at
        // seqno 1 (platform-facts, trap 1). Only a known seqno is passed.
        if (startPosition != null && startPosition.isSeqnoKnown() && !startPosition.isZeroUuid()) {
            cmd.add("--wsrep-start-position=" + startPosition);
        }
        return cmd;
    }

    /** Launches mariadbd detached and waits until its process exists; returns its pid. */
    public long start(Mode mode, Position startPosition) throws IOException, InterruptedException {
        Optional<Long> running = pid();
        if (running.isPresent()) {
            return running.get();
        }
        if (defaultsFile.isEmpty()) {
            throw new IOException("defaultsFile is not configured: the agent does not know mariadbd's options");
        }
        moveAsideIfEmpty(GVWSTATE);
        List<String> cmd = command(mode, startPosition);
        Files.createDirectories(stateDir);
        Path out = stateDir.resolve("mariadbd.out");
        LOG.info("starting mariadbd ({}): {}", mode, String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        p.getOutputStream().close();
        p.waitFor(); // setsid -f returns as soon as it has forked
        for (int i = 0; i < 100; i++) {
            Optional<Long> pid = pid();
            if (pid.isPresent()) {
                return pid.get();
            }
            Thread.sleep(50);
        }
        throw new IOException("mariadbd did not start (see its error log and " + out + ")");
    }

    /** SIGTERM, then SIGKILL after the timeout: a node waiting for a Primary or an SST ignores SIGTERM. */
    public String stop() throws InterruptedException {
        return stop(stopTimeoutMs);
    }

    /** As {@link #stop()}, with its own SIGKILL deadline. */
    public String stop(long stopTimeoutMs) throws InterruptedException {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return "mariadbd is not running";
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid.get());
        if (h.isEmpty()) {
            return "mariadbd is not running";
        }
        // Two ways mariadbd ignores SIGTERM, both met when Pacemaker demotes a node that has just been promoted:
        //  - a SIGTERM that arrives while it starts, before its signal handling is set up, is lost: so SIGTERM
        //    is sent again every TERM_REPEAT_MS (a server already shutting down ignores the repeats);
        //  - a joiner waits for its state transfer (wsrep_sst_<method> --role joiner, run for an IST too with
        //    mariabackup) and ignores SIGTERM until it ends, which can take minutes. Its data is incomplete
        //    until then and the next start transfers the state again, so waiting buys nothing: the transfer
        //    script is stopped too, and mariadbd killed JOINER_STOP_MS after the transfer was seen.
        ProcessHandle server = h.get();
        Set<ProcessHandle> children = new HashSet<>(server.descendants().toList());
        long deadline = stopTimeoutMs;
        boolean joiner = false;
        long start = System.nanoTime();
        long lastTerm = 0;
        server.destroy();
        // The loops watch this very process, not "some mariadbd of this node": whatever else a /proc scan
        // might find must not keep a stop waiting, nor end it.
        while (running(server) && elapsedMs(start) < deadline) {
            Thread.sleep(100);
            List<ProcessHandle> now = server.descendants().toList();
            children.addAll(now);
            if (!joiner && now.stream().anyMatch(ServerControl::isSstJoiner)) {
                joiner = true;
                deadline = Math.min(deadline, elapsedMs(start) + JOINER_STOP_MS);
                now.stream().filter(ServerControl::isSstJoiner).forEach(ProcessHandle::destroy);
                LOG.info("mariadbd (pid {}) is receiving a state transfer: stopping the transfer, SIGKILL in {} ms at the latest",
                        pid.get(), JOINER_STOP_MS);
            }
            if (elapsedMs(start) - lastTerm >= TERM_REPEAT_MS) {
                lastTerm = elapsedMs(start);
                server.destroy();
            }
        }
        String outcome;
        if (running(server)) {
            LOG.warn("mariadbd (pid {}) ignored SIGTERM for {} ms{}; sending SIGKILL", pid.get(), deadline,
                    joiner ? " while receiving a state transfer" : "");
            server.destroyForcibly();
            while (running(server)) {
                Thread.sleep(100);
            }
            outcome = "mariadbd killed after " + deadline + " ms (it ignored SIGTERM)";
        } else {
            outcome = "mariadbd stopped in " + elapsedMs(start) + " ms";
        }
        // Whatever the transfer started (socat, mbstream, mariabackup) must not outlive the server: it would
        // hold the SST port and the datadir.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        return joiner ? outcome + "; it was receiving a state transfer (SST joiner), which the next start repeats"
                : outcome;
    }

    /** This process, not a reused pid (the handle knows its start time), and not a zombie waiting to be reaped. */
    private boolean running(ProcessHandle h) {
        return h.isAlive() && process.running(h.pid());
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** SIGTERM is repeated this often while mariadbd runs: one sent while it was starting is lost. */
    static final long TERM_REPEAT_MS = 5_000;

    /** How long a joiner in the middle of a state transfer gets to exit on SIGTERM. */
    static final long JOINER_STOP_MS = 10_000;

    /** The joiner side of a state transfer: {@code wsrep_sst_<method> --role 'joiner' ...}, a child of mariadbd. */
    static boolean isSstJoiner(ProcessHandle p) {
        String cmd = p.info().commandLine().orElse("");
        return cmd.contains("wsrep_sst_") && cmd.contains("joiner");
    }

    /**
     * Writes {@code safe_to_bootstrap: 1} into grastate.dat, which Galera requires before
     * {@code --wsrep-new-cluster} after a crash (it refuses otherwise; platform-facts, trap 3). Atomic: a
     * temporary file in the datadir, same owner, then a rename.
     */
    public void markSafeToBootstrap() throws IOException {
        Path file = datadir.resolve(Grastate.FILE_NAME);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String updated = text.contains("safe_to_bootstrap:")
                ? text.replaceAll("(?m)^safe_to_bootstrap:\\s*\\d+", "safe_to_bootstrap: 1")
                : text + (text.endsWith("\n") ? "" : "\n") + "safe_to_bootstrap: 1\n";
        if (updated.equals(text)) {
            return;
        }
        AtomicFiles.replaceKeepingOwner(file, updated);
        LOG.info("set safe_to_bootstrap: 1 in {}", file);
    }

    /**
     * Moves {@code datadir/name} to {@code stateDir/aside/<tag>-<time>/name}; returns the new path, or empty if
     * absent. Out of the datadir on purpose: an SST wipes the datadir, and would delete what we kept.
     */
    public Optional<Path> moveAside(String name, String reasonTag) throws IOException {
        List<Path> moved = new ArrayList<>();
        moveAside(reasonTag, List.of(name), moved);
        return moved.stream().findFirst();
    }

    /**
     * Moves those of {@code names} that exist in the datadir into one new directory
     * {@code stateDir/aside/<tag>-<time>} (with a suffix if one of that second exists: nothing is ever
     * overwritten), adding each new path to {@code moved} as it goes, so that a caller that gets the
     * IOException knows what had been moved before it.
     */
    public void moveAside(String reasonTag, List<String> names, List<Path> moved) throws IOException {
        Path dir = null;
        for (String name : names) {
            Path file = datadir.resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            if (dir == null) {
                dir = newAsideDir(reasonTag);
            }
            Path target = dir.resolve(name);
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(file, target); // another file system: copy, then remove the original
            }
            LOG.warn("moved {} aside to {}", file, target);
            moved.add(target);
        }
    }

    private Path newAsideDir(String reasonTag) throws IOException {
        Path base = Files.createDirectories(stateDir.resolve("aside"));
        String stem = reasonTag + "-" + Instant.now().toString().substring(0, 19).replace(':', '-');
        for (int n = 1; ; n++) {
            try {
                return Files.createDirectory(base.resolve(n == 1 ? stem : stem + "-" + n));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another set moved aside within the same second: the next suffix
            }
        }
    }

    /** An empty gvwstate.dat makes Galera fail with "invalid UUID"; move it aside (never delete). */
    private void moveAsideIfEmpty(String name) throws IOException {
        Path f = datadir.resolve(name);
        if (Files.exists(f) && Files.size(f) == 0) {
            moveAside(name, "empty");
        }
    }

    public Path datadir() { return datadir; }
}
