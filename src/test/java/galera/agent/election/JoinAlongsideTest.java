package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galera.agent.election.JoinAlongside.WinnerProgress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JoinAlongsideTest {
    private static final Position WINNER = new Position(A, 146);

    @Test
    void waitsUntilTheWinnersAgentHasTakenUpTheDecision() {
        assertEquals(Optional.empty(), JoinAlongside.decide("node2", WINNER, new Position(A, 90), WinnerProgress.NOT_YET));
    }

    @Test
    void startsBehindOrEqualOrFromAnotherHistoryOnceTheWinnerIsUnderway() {
        for (Position mine : new Position[] {new Position(A, 90), new Position(A, 146), new Position(B, 500)}) {
            Optional<Decision.Join> j = JoinAlongside.decide("node2", WINNER, mine, WinnerProgress.BOOTSTRAP_SCORE_SET);
            assertTrue(j.isPresent(), mine.toString());
            assertEquals("node2", j.get().primaryNode());
            assertTrue(j.get().reason().contains("node2 was elected to bootstrap from " + WINNER
                    + " (its agent set the bootstrap promotion score"), j.get().reason());
        }
        Optional<Decision.Join> started = JoinAlongside.decide("node2", WINNER, new Position(A, 90), WinnerProgress.MARIADBD_STARTED);
        assertTrue(started.orElseThrow().reason().contains("(mariadbd started)"), started.toString());
    }

    @Test
    void neverANodeAheadOfTheWinnerInTheSameHistory() {
        for (WinnerProgress p : WinnerProgress.values()) {
            assertEquals(Optional.empty(), JoinAlongside.decide("node2", WINNER, new Position(A, 147), p), p.name());
        }
    }
}
