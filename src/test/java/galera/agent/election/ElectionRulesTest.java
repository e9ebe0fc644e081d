package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.B;
import static galera.agent.election.Fixtures.WINDOW;
import static galera.agent.election.Fixtures.Z;
import static galera.agent.election.Fixtures.nodes;
import static galera.agent.election.Fixtures.report;
import static galera.agent.election.Fixtures.safe;
import static galera.agent.election.Fixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per rule of docs/design.md "The election rules": input, expected decision, words the reason must hold. */
class ElectionRulesTest {

    static Stream<Arguments> table() {
        return Stream.of(
                row("rule 3: all reported -> decide at once, inside the window",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12), report("n3", A, 11)),
                        "Bootstrap n2 A:12", "n2 at " + A + ":12", "3 of 3"),
                row("single configured node decides at once",
                        nodes("solo").with(report("solo", A, 7)),
                        "Bootstrap solo A:7"),
                row("rule 4: one missing inside the window -> wait until the window end",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12)).at(WINDOW - 1),
                        "Wait " + WINDOW + " [n3]", "n3 to report its position", "2 of 3"),
                row("rule 4: clock skew puts now before the window start -> still waiting",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12)).at(-5_000),
                        "Wait " + WINDOW + " [n3]"),
                row("rule 4: one missing, window over, quorum met -> elect among present",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12)).afterWindow(),
                        "Bootstrap n2 A:12", "Missing after the window: n3", "Reversing history"),
                row("rule 4: window over but quorum (2 of 3) not met -> wait with no deadline",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10)).afterWindow(),
                        "Wait forever [n2, n3]", "quorum is 2", "force"),
                row("rule 4: operator quorum 3 with 2 reports -> wait with no deadline",
                        nodes("n1", "n2", "n3").quorum(3).with(report("n1", A, 10), report("n2", A, 9)).afterWindow(),
                        "Wait forever [n3]", "quorum is 3"),
                row("rule 4: operator quorum 1 -> a single reporter may win after the window",
                        nodes("n1", "n2", "n3").quorum(1).with(report("n3", A, 4)).afterWindow(),
                        "Bootstrap n3 A:4", "Missing after the window: n1, n2"),
                row("rule 4: unfit reporters count for the quorum",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 90, Unfitness.ABORTED_SST))
                                .afterWindow(),
                        "Bootstrap n1 A:10", "unfit"),
                row("rule 1: a primary exists -> join, even with everyone reported and a higher node",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 99), report("n3", A, 11))
                                .primaryAt("n3"),
                        "Join n3", "n3 is in it"),
                row("rule 1 before rule 2: a primary exists and this partition is not quorate -> join",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10)).notQuorate().primaryAt("n2"),
                        "Join n2"),
                row("rule 2: partition not quorate -> wait, never bootstrap, even with all reported",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12), report("n3", A, 11))
                                .notQuorate().afterWindow(),
                        "Wait forever []", "no quorum"),
                row("rule 5: two fit histories -> refuse and list nodes per history",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", B, 5000), report("n3", A, 11)),
                        "Refuse", "history " + A + ": n1 at " + A + ":10, n3 at " + A + ":11",
                        "history " + B + ": n2 at " + B + ":5000", "force"),
                row("rule 5: another history on an unfit node does not block the election",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", B, 5000, Unfitness.PARTIAL_SST),
                                report("n3", A, 11)),
                        "Bootstrap n3 A:11"),
                row("rule 6: the unfit highest node never wins; the next fit one does",
                        nodes("n1", "n2", "n3").with(report("n1", A, 20, Unfitness.ABORTED_SST), report("n2", A, 15),
                                report("n3", A, 10)),
                        "Bootstrap n2 A:15", "n1 at " + A + ":20 unfit: [ABORTED_SST]"),
                row("rule 6: a node Galera aborted with Reversing history never wins",
                        nodes("n1", "n2").with(report("n1", A, 55388, Unfitness.REVERSED_HISTORY), report("n2", A, 52527)),
                        "Bootstrap n2 A:52527", "REVERSED_HISTORY"),
                row("rule 6: no fit node -> refuse",
                        nodes("n1", "n2").with(report("n1", A, 20, Unfitness.EMPTY_DATADIR),
                                report("n2", A, 15, Unfitness.NO_GRASTATE)),
                        "Refuse", "No node is fit", "EMPTY_DATADIR", "NO_GRASTATE"),
                row("rule 7: safe_to_bootstrap on the highest node -> it wins",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), safe("n2", A, 12), report("n3", A, 11)),
                        "Bootstrap n2 A:12"),
                row("rule 7: safe_to_bootstrap on a lower node -> the highest wins, conflict flagged",
                        nodes("n1", "n2", "n3").with(safe("n1", A, 10), report("n2", A, 12), report("n3", A, 11)),
                        "Bootstrap n2 A:12", "Suspicious conflict: n1 has safe_to_bootstrap=1", A + ":10"),
                row("rule 8: tie -> the node listed first in the configured nodes (not the last, not by name)",
                        nodes("n3", "n1", "n2").with(report("n1", A, 10), report("n2", A, 10), report("n3", A, 10)),
                        "Bootstrap n3 A:10", "listed first"),
                row("rule 8: tie -> safe_to_bootstrap=1 beats configured order",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 10), safe("n3", A, 10)),
                        "Bootstrap n3 A:10", "safe_to_bootstrap=1"),
                row("rule 9: seqnos are numbers: 1000 beats 999 (as strings \"999\" > \"1000\")",
                        nodes("n1", "n2").with(report("n1", A, 999), report("n2", A, 1000)),
                        "Bootstrap n2 A:1000"),
                row("rule 9: parsed positions compare as numbers too",
                        nodes("n1", "n2").with(
                                new NodeReport("n1", Position.parse(A + ":999"), false, java.util.Set.of(), 0),
                                new NodeReport("n2", Position.parse(A + ":10000"), false, java.util.Set.of(), 0)),
                        "Bootstrap n2 A:10000"),
                row("zero UUID is unfit even if the reporter did not flag it, and is not a second history",
                        nodes("n1", "n2").with(report("n1", Z, 50), report("n2", A, 10)),
                        "Bootstrap n2 A:10", "ZERO_UUID"),
                row("seqno -1 is unfit even if the reporter did not flag it",
                        nodes("n1", "n2").with(report("n1", A, -1), report("n2", A, 5)),
                        "Bootstrap n2 A:5", "UNKNOWN_SEQNO"),
                row("rule 10: a node Pacemaker has not started counts as reported: decide at once when it is behind",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12),
                                report("n3", A, 11, Unfitness.NOT_STARTED)),
                        "Bootstrap n2 A:12", "3 of 3", "NOT_STARTED"),
                row("rule 10: a tie with a started node goes to the started one, whatever the configured order",
                        nodes("n3", "n1", "n2").with(report("n1", A, 12), report("n2", A, 10),
                                report("n3", A, 12, Unfitness.NOT_STARTED)),
                        "Bootstrap n1 A:12"),
                row("rule 10: a node Pacemaker has not started is never elected; ahead, it is waited for with no deadline",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12),
                                report("n3", A, 13, Unfitness.NOT_STARTED)).afterWindow(),
                        "Wait forever []", "Pacemaker to start the resource on n3", "n2 at " + A + ":12", "force"),
                row("rule 10: not started and of another history -> wait for it, do not bootstrap over it",
                        nodes("n1", "n2", "n3").with(report("n1", A, 10), report("n2", A, 12),
                                report("n3", B, 3, Unfitness.NOT_STARTED)),
                        "Wait forever []", "Pacemaker to start the resource on n3"),
                row("rule 10: no started node is fit -> wait for the not-started ones rather than refuse",
                        nodes("n1", "n2").with(report("n1", A, 10, Unfitness.EMPTY_DATADIR),
                                report("n2", A, 8, Unfitness.NOT_STARTED)),
                        "Wait forever []", "no node that Pacemaker has started is fit"),
                row("rule 10: not started with bad data too (seqno -1) -> an unfit node like any other",
                        nodes("n1", "n2").with(report("n1", A, 10), report("n2", A, -1, Unfitness.NOT_STARTED)),
                        "Bootstrap n1 A:10"),
                row("everyone at seqno -1 (crash, recovery failed) -> refuse",
                        nodes("n1", "n2", "n3").with(report("n1", A, -1), report("n2", A, -1), report("n3", A, -1)),
                        "Refuse", "No node is fit"));
    }

    private static Arguments row(String name, Fixtures.Builder input, String expected, String... reasonHas) {
        return Arguments.of(name, input, expected, List.of(reasonHas));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String name, Fixtures.Builder input, String expected, List<String> reasonHas) {
        Decision d = Election.decide(input.build());
        assertEquals(expected, summary(d), () -> name + "\nreason: " + d.reason());
        for (String fragment : reasonHas) {
            assertTrue(d.reason().contains(fragment), () -> "reason lacks '" + fragment + "': " + d.reason());
        }
        assertFalse(d.reason().isBlank());
        // Rule 8: no dependence on the order in which reports were collected.
        assertEquals(d, Election.decide(input.buildReversed()), "decision depends on report order");
    }

    @Test
    void reasonsGiveTimesOfDayNotEpochMilliseconds() {
        assertEquals("00:46:40.220 UTC", Election.utc(1_795_654_000_220L));
        assertEquals("23:59:59.999 UTC", Election.utc(86_400_000L * 3 - 1));
        assertEquals("4.9 s", Election.seconds(4904));
        Decision d = Election.decide(new ElectionInput(List.of("node1", "node2", "node3"),
                Map.of("node1", new NodeReport("node1", new Position("f8587ac3-e931-11f1-b79b-1f598494ddc0", 90), false,
                        java.util.Set.of(), 1_795_654_000_000L)), true, java.util.Optional.empty(),
                1_795_654_000_220L - 25_000, 1_795_654_000_000L, new Policy(30_000, 2, 3)));
        assertTrue(d.reason().startsWith("Waiting for node2, node3 to report their positions until the election window"
                + " ends at 00:46:45.220 UTC (in 5.2 s);"), d.reason());
    }
}
