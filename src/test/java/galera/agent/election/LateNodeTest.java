package galera.agent.election;

import static galera.agent.election.Fixtures.A;
import static galera.agent.election.Fixtures.B;
import static galera.agent.election.Fixtures.Z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import galera.agent.election.LateNode.Relation;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LateNodeTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(A + ":100", A + ":120", Relation.BEHIND_SAME_HISTORY, 0L, "101..120"),
                Arguments.of(A + ":120", A + ":120", Relation.EQUAL, 0L, "nothing to transfer"),
                // The measured abort from platform-facts: 55388 -> 52527, 2861 more events.
                Arguments.of(A + ":55388", A + ":52527", Relation.AHEAD_SAME_HISTORY, 2861L, "52528..55388"),
                Arguments.of(A + ":1000", A + ":999", Relation.AHEAD_SAME_HISTORY, 1L, "1000..1000"),
                Arguments.of(B + ":9", A + ":120", Relation.OTHER_HISTORY, 0L, "full SST"),
                Arguments.of(Z + ":0", A + ":120", Relation.OTHER_HISTORY, 0L, "full SST"),
                Arguments.of(A + ":-1", A + ":120", Relation.UNKNOWN, 0L, "--wsrep-recover"),
                Arguments.of(B + ":-1", A + ":120", Relation.UNKNOWN, 0L, "--wsrep-recover"),
                Arguments.of(A + ":5", A + ":-1", Relation.UNKNOWN, 0L, "primary " + A + ":-1"));
    }

    @ParameterizedTest(name = "{0} vs primary {1} -> {2}")
    @MethodSource("table")
    void assesses(String mine, String primary, Relation relation, long extra, String reasonHas) {
        LateNode.Assessment a = LateNode.assess(Position.parse(mine), Position.parse(primary));
        assertEquals(relation, a.relation(), a.reason());
        assertEquals(extra, a.extraTransactions());
        assertTrue(a.reason().contains(reasonHas), a.reason());
    }
}
