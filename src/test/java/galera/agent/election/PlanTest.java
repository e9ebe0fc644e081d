package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.B;
import static galera.agent.election.Fixtures.nodes;
import static galera.agent.election.Fixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void dryRunInsideTheWindowNamesTheWouldBeWinnerAndWhatOthersNeed() {
        Plan p = Election.plan(nodes("n1", "n2", "n3", "n4", "n5").with(
                report("n1", A, 10), report("n2", A, 12), report("n3", B, 500),
                report("n4", A, 30, Unfitness.PARTIAL_SST)).build());
        // n3 is fit but of another history: no single would-be winner (after the window: Refuse).
        assertInstanceOf(Decision.Wait.class, p.decision());
        assertEquals(Optional.empty(), p.wouldWin());
        assertEquals(List.of("n5"), p.missing());

        Plan q = Election.plan(nodes("n1", "n2", "n3", "n4", "n5").with(
                report("n1", A, 10), report("n2", A, 12), report("n3", B, 500, Unfitness.EMPTY_DATADIR),
                report("n4", A, 30, Unfitness.PARTIAL_SST)).build());
        assertInstanceOf(Decision.Wait.class, q.decision());
        assertEquals(Optional.of("n2"), q.wouldWin());
        assertEquals(Optional.of(new Position(A, 12)), q.target());
        assertEquals(List.of("n1"), q.ist());
        assertEquals(List.of("n3", "n4"), q.sst());
        assertEquals(List.of(), q.ahead());
        assertEquals(List.of("n5"), q.missing());
    }

    @Test
    void withARunningPrimaryLateNodesAheadAreNamed() {
        // n1 runs the primary and publishes its live position; n3 came back after a lower bootstrap.
        Plan p = Election.plan(nodes("n1", "n2", "n3", "n4").with(
                report("n1", A, 52527), report("n2", A, 52000), report("n3", A, 55388), report("n4", A, -1))
                .primaryAt("n1").build());
        assertInstanceOf(Decision.Join.class, p.decision());
        assertEquals(Optional.empty(), p.wouldWin());
        assertEquals(Optional.of(new Position(A, 52527)), p.target());
        assertEquals(List.of("n2"), p.ist());
        assertEquals(List.of("n4"), p.sst());
        assertEquals(List.of("n3"), p.ahead());
    }

    @Test
    void aPrimaryWithoutAKnownPositionGivesNoTarget() {
        Plan p = Election.plan(nodes("n1", "n2").with(report("n2", A, 5)).primaryAt("n1").build());
        assertEquals(Optional.empty(), p.target());
        assertEquals(List.of(), p.ist());
        assertEquals(List.of("n1"), p.missing());
    }
}
