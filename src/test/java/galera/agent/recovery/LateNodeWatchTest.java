package galera.agent.recovery;

import galera.agent.election.ReversingHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch over mariadbd's error log, on a real file that grows as the server's does. */
class LateNodeWatchTest {
    static final String ABORT = "2026-11-27  1:02:03 0 [ERROR] WSREP: ./gcs/src/gcs_group.cpp:group_post_state_exchange():453: "
            + "Reversing history: 55388 -> 52527, this member has applied 2861 more events than the primary component."
            + "Data loss is possible. Must abort.\n";

    @TempDir
    Path dir;

    void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void anAbortWrittenAfterTheFirstScanIsSeenAndRememberedUntilReset() throws IOException {
        Path log = dir.resolve("mariadb.err");
        append(log, ABORT); // an earlier start's abort, already handled: not this one's
        LateNodeWatch w = new LateNodeWatch(Optional.of(log));
        assertTrue(w.scan().isEmpty(), "the first scan starts at the end of the log");
        append(log, "2026-11-27  1:02:02 0 [Note] WSREP: gcomm: connecting to group 'lab'\n");
        assertTrue(w.scan().isEmpty());
        append(log, ABORT);
        Optional<ReversingHistory.Abort> seen = w.scan();
        assertEquals(Optional.of(new ReversingHistory.Abort(55388, 52527, 2861)), seen);
        assertTrue(w.scan().isEmpty(), "reported once");
        assertEquals(seen, w.aborted(), "remembered after the scan that found it");
        w.reset();
        assertTrue(w.aborted().isEmpty());
    }

    @Test
    void anIstFailureIsTakenOnce() throws IOException {
        Path log = dir.resolve("mariadb.err");
        append(log, "");
        LateNodeWatch w = new LateNodeWatch(Optional.of(log));
        w.scan();
        append(log, "2026-11-27  1:02:03 2 [ERROR] WSREP: Receiving IST failed, node restart required: ...\n");
        w.scan();
        assertTrue(w.takeIstFailure());
        assertFalse(w.takeIstFailure());
    }

    @Test
    void aRotatedLogIsReadFromItsNewEndAndAMissingOneIsNoAbort() throws IOException {
        Path log = dir.resolve("mariadb.err");
        append(log, "x".repeat(1000) + "\n");
        LateNodeWatch w = new LateNodeWatch(Optional.of(log));
        w.scan();
        Files.writeString(log, ABORT); // rotated: shorter than where the watch was
        assertTrue(w.scan().isEmpty(), "the rotated log's content before the watch saw it is not this start's");
        append(log, ABORT);
        assertTrue(w.scan().isPresent());
        Files.delete(log);
        assertTrue(new LateNodeWatch(Optional.of(log)).scan().isEmpty());
        assertTrue(new LateNodeWatch(Optional.empty()).scan().isEmpty());
    }
}
