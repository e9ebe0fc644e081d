package galera.agent.position;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handling of prepared XA transactions around {@code mariadbd --wsrep-recover}. mariadbd is replaced by a
 * script that writes what MariaDB writes in each case (its messages, from sql/handler.cc and
 * sql/wsrep_mysqld.cc): the logic under test is the agent's, not mariadbd's.
 */
class WsrepRecoverTest {
    static final String UUID = "6f5d9e2e-8c1a-11ee-9a53-7b1c8e2b1f00";

    @TempDir
    Path dir;

    /**
     * A fake mariadbd that behaves as MariaDB 10.11 does (checked on this platform): with unresolved prepared
     * transactions a plain --wsrep-recover refuses; with --tc-heuristic-recover it resolves them, then stops with
     * "Please restart without --tc-heuristic-recover" and no position; the next plain run recovers the position.
     */
    Path fake(int prepared, boolean heuristicResolves) throws Exception {
        Path script = dir.resolve("mariadbd");
        Path resolved = dir.resolve("resolved");
        Files.writeString(script, String.join("\n",
                "#!/bin/bash",
                "log=''; heur=''",
                "for a in \"$@\"; do case \"$a\" in --log-error=*) log=\"${a#--log-error=}\" ;; --tc-heuristic-recover=*) heur=\"${a#*=}\" ;; esac; done",
                "echo \"$*\" >> \"" + dir.resolve("calls") + "\"",
                "if [ -n \"$heur\" ]; then",
                "  echo \"2026-11-26  4:48:54 0 [Note] Heuristic crash recovery mode\" >> \"$log\"",
                "  echo \"2026-11-26  4:48:54 0 [Note] Please restart without --tc-heuristic-recover\" >> \"$log\"",
                "  echo \"2026-11-26  4:48:54 0 [ERROR] Can't init tc log\" >> \"$log\"",
                "  echo \"2026-11-26  4:48:54 0 [ERROR] Aborting\" >> \"$log\"",
                "  " + (heuristicResolves ? "touch \"" + resolved + "\"" : "true"),
                "  exit 1",
                "fi",
                "if [ " + prepared + " -gt 0 ] && [ ! -e \"" + resolved + "\" ]; then",
                "  echo \"2026-11-26  4:50:00 0 [ERROR] Found " + prepared + " prepared transactions! It means that server was not shut down properly last time and critical recovery information (last binlog or tc.log file) was manually deleted after a crash. You have to start server with --tc-heuristic-recover switch to commit or rollback pending transactions.\" >> \"$log\"",
                "  echo \"2026-11-26  4:50:00 0 [ERROR] Aborting\" >> \"$log\"",
                "  exit 1",
                "fi",
                "echo \"2026-11-26  4:50:01 0 [Note] WSREP: Recovered position: " + UUID + ":42\" >> \"$log\"",
                "exit 0", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    WsrepRecover recover(Path mariadbd) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        return new WsrepRecover(mariadbd, data, dir.resolve("my.cnf").toString(), dir.resolve("recover"), 10_000);
    }

    @Test
    void aCleanRecoverRunsOnceAndNeedsNoHeuristic() throws Exception {
        WsrepRecover.Result r = recover(fake(0, true)).run();
        assertTrue(r.ok(), r.error());
        assertEquals(42, r.position().seqno());
        assertEquals("", r.note());
        assertEquals(1, Files.readAllLines(dir.resolve("calls")).size());
    }

    @Test
    void preparedTransactionsAreRolledBackAndSaidSo() throws Exception {
        WsrepRecover.Result r = recover(fake(2, true)).run();
        assertTrue(r.ok(), r.error());
        assertEquals(UUID + ":42", r.position().toString());
        assertEquals(2, r.preparedTransactions());
        assertTrue(r.note().startsWith("rolled back 2 prepared XA transaction(s) with --tc-heuristic-recover=rollback"), r.note());
        var calls = Files.readAllLines(dir.resolve("calls"));
        assertEquals(3, calls.size(), "refused, resolved, recovered: " + calls);
        assertFalse(calls.get(0).contains("--tc-heuristic-recover"));
        assertTrue(calls.get(1).startsWith("--defaults-file=") && calls.get(1).contains("--wsrep-recover")
                && calls.get(1).endsWith("--tc-heuristic-recover=rollback"), calls.get(1));
        assertFalse(calls.get(2).contains("--tc-heuristic-recover"), "the position comes from a plain run");
    }

    @Test
    void whenEvenTheHeuristicFailsBothReasonsAreGivenAndNoPositionIsInvented() throws Exception {
        WsrepRecover.Result r = recover(fake(1, false)).run();
        assertFalse(r.ok());
        assertTrue(r.error().contains("1 prepared XA transaction(s)") && r.error().contains("after --tc-heuristic-recover=rollback"), r.error());
        assertTrue(r.error().contains("Aborting"), r.error());
    }
    /** A tracker on the fake, with grastate.dat at {@code seqno} and no mariadbd running (an empty /proc). */
    PositionTracker tracker(Path mariadbd, long seqno) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid: " + UUID
                + "\nseqno: " + seqno + "\nsafe_to_bootstrap: 0\n");
        return new PositionTracker(data, dir.resolve("my.cnf").toString(), galera.agent.node.NodeStatus::notYetPolled,
                new MariadbdProcess(Files.createDirectories(dir.resolve("proc"))), recover(mariadbd), System::currentTimeMillis);
    }

    @Test
    void theEarlyRecoverAfterACrashRunsOnceAndTheFirstTickWaitsForIt() throws Exception {
        Path slow = fake(0, true);
        // Slower than the tick that asks right after: that one must wait for this run, not start a second.
        Files.writeString(slow, Files.readString(slow).replace("#!/bin/bash\n", "#!/bin/bash\nsleep 1\n"));
        PositionTracker t = tracker(slow, -1);
        assertTrue(t.recoverEarlyIfCrashed());
        Path calls = dir.resolve("calls");
        for (int i = 0; i < 50 && !Files.exists(calls); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(calls), "the early start ran no recover by itself");
        String said = t.recoverOnce(); // the first tick, while that run sleeps
        assertEquals("recovered position " + UUID + ":42 in " + t.lastRecover().durationMs() + " ms", said);
        assertEquals(PositionSource.WSREP_RECOVER, t.current().source());
        assertEquals(1, Files.readAllLines(dir.resolve("calls")).size(), "one run for the early start and the tick");
        t.recover(); // an operator's explicit recoverPosition still runs again
        assertEquals(2, Files.readAllLines(dir.resolve("calls")).size());
    }

    @Test
    void noEarlyRecoverAfterACleanStop() throws Exception {
        PositionTracker t = tracker(fake(0, true), 57);
        assertFalse(t.recoverEarlyIfCrashed());
        Thread.sleep(200);
        assertFalse(Files.exists(dir.resolve("calls")), "mariadbd was run on a cleanly stopped datadir");
        assertEquals(PositionSource.GRASTATE, t.current().source());
    }
    @Test
    void aFailedAutomaticRecoverIsNotRunAgainUntilMariadbdHasRun() throws Exception {
        Path failing = fake(0, true);
        Files.writeString(failing, Files.readString(failing).replace("#!/bin/bash\n", "#!/bin/bash\necho \"$*\" >> \""
                + dir.resolve("calls") + "\"; exit 1\n"));
        PositionTracker t = tracker(failing, -1);
        assertTrue(t.recoverOnce().startsWith("failed: "));
        assertTrue(t.recoverOnce().startsWith("failed: "), "the same failure, reported again");
        assertEquals(1, Files.readAllLines(dir.resolve("calls")).size(), "a failed recover waited for twice");
        t.forgetRecovered(); // mariadbd ran, and stopped again
        t.recoverOnce();
        assertEquals(2, Files.readAllLines(dir.resolve("calls")).size());
    }

    @Test
    void aPositionRecoveredBeforeMariadbdRanAgainIsForgotten() throws Exception {
        PositionTracker t = tracker(fake(0, true), -1);
        t.recoverOnce();
        assertEquals(PositionSource.WSREP_RECOVER, t.current().source());
        t.forgetRecovered();
        assertEquals(PositionSource.NONE, t.current().source(), "a stale recovered position still counted");
    }
}
