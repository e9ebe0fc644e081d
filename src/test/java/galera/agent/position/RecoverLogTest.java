package galera.agent.position;

import galera.agent.election.Position;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoverLogTest {
    @Test
    void parsesTheRealRecoverLog() throws IOException {
        // Written by `mariadbd --wsrep-recover` (MariaDB 10.11.19, Galera 26.4) after a kill -9.
        List<String> lines = GrastateTest.resource("wsrep-recover-crashed.log").lines().toList();
        assertEquals(Position.parse("288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:3"), RecoverLog.recoveredPosition(lines).orElseThrow());
        assertEquals(0, RecoverLog.preparedTransactions(lines));
        assertEquals("", RecoverLog.errors(lines));
    }

    @Test
    void noPositionWhenRecoverFailed() {
        List<String> lines = List.of(
                "2026-11-26  0:07:52 0 [Note] Starting MariaDB 10.11.19-MariaDB-0+deb12u1 as process 15356",
                "2026-11-26  0:07:53 0 [ERROR] InnoDB: Unable to lock ./ibdata1 error: 11",
                "2026-11-26  0:07:53 0 [ERROR] Aborting");
        assertTrue(RecoverLog.recoveredPosition(lines).isEmpty());
        assertTrue(RecoverLog.errors(lines).contains("Unable to lock ./ibdata1"));
    }

    @Test
    void countsPreparedTransactions() {
        // The message InnoDB prints when XA transactions are left prepared (handler.cc, ha_recover).
        List<String> lines = List.of("2026-11-26  0:07:53 0 [Note] Found 2 prepared transaction(s) in InnoDB");
        assertEquals(2, RecoverLog.preparedTransactions(lines));
    }

    @Test
    void takesTheLastRecoveredPosition() {
        List<String> lines = List.of("WSREP: Recovered position: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:3",
                "WSREP: Recovered position: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:17");
        assertEquals(17, RecoverLog.recoveredPosition(lines).orElseThrow().seqno());
    }
}
