package galera.agent.recovery;

import galera.agent.election.ReversingHistory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Watches mariadbd's error log for Galera's "Reversing history … Must abort" line: the proof that this node
 * came back ahead of the cluster it joined. Galera zeroes grastate.dat when it aborts, so a blind restart
 * would silently lose the extra transactions through a full SST (platform-facts, trap 4). Once seen, the
 * abort is remembered until the state is discarded on purpose.
 */
public final class LateNodeWatch {
    private final Optional<Path> errorLog;
    private static final String IST_FAILED = "Receiving IST failed, node restart required";
    private long offset = -1;
    private ReversingHistory.Abort aborted;
    private boolean istFailed;

    public LateNodeWatch(Optional<Path> errorLog) {
        this.errorLog = errorLog;
    }

    /** Reads the log lines written since the last scan; returns a newly seen abort. */
    public synchronized Optional<ReversingHistory.Abort> scan() {
        if (errorLog.isEmpty() || !Files.isReadable(errorLog.get())) {
            return Optional.empty();
        }
        try (RandomAccessFile f = new RandomAccessFile(errorLog.get().toFile(), "r")) {
            long length = f.length();
            if (offset < 0 || length < offset) {
                offset = length; // start at the end: older aborts belong to earlier, handled starts
                return Optional.empty();
            }
            if (length == offset) {
                return Optional.empty();
            }
            byte[] buf = new byte[(int) Math.min(length - offset, 4 << 20)];
            f.seek(offset);
            f.readFully(buf);
            offset += buf.length;
            Optional<ReversingHistory.Abort> found = Optional.empty();
            for (String line : new String(buf, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains(IST_FAILED)) {
                    istFailed = true;
                }
                Optional<ReversingHistory.Abort> a = ReversingHistory.parse(line);
                if (a.isPresent()) {
                    found = a;
                }
            }
            found.ifPresent(a -> aborted = a);
            return found;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public synchronized Optional<ReversingHistory.Abort> aborted() { return Optional.ofNullable(aborted); }

    /**
     * Whether mariadbd logged "Receiving IST failed, node restart required" since the last call. Such a node
     * stays Initialized until it is restarted (platform-facts, trap 7).
     */
    public synchronized boolean takeIstFailure() {
        boolean seen = istFailed;
        istFailed = false;
        return seen;
    }

    /** After the stale state was discarded on purpose. */
    public synchronized void reset() { aborted = null; }
}
