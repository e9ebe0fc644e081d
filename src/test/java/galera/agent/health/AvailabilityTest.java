package galera.agent.health;

import galera.agent.node.NodeStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health table of docs/health.md, row by row. */
class AvailabilityTest {
    static final long NOW = 1_000_000;
    static final HealthOptions STRICT = new HealthOptions(false, false, 5_000);
    static final HealthOptions LENIENT = new HealthOptions(true, true, 5_000);

    /** A Synced, Primary, ready node; each row changes one thing. */
    static NodeStatus node(Map<String, String> statusChanges, Map<String, String> variableChanges) {
        Map<String, String> status = new HashMap<>(Map.of("wsrep_local_state", "4", "wsrep_local_state_comment", "Synced",
                "wsrep_cluster_status", "Primary", "wsrep_ready", "ON", "wsrep_connected", "ON", "wsrep_desync_count", "0"));
        status.putAll(statusChanges);
        Map<String, String> vars = new HashMap<>(Map.of("read_only", "0", "wsrep_desync", "0", "wsrep_reject_queries", "NONE"));
        vars.putAll(variableChanges);
        return new NodeStatus(true, "", NOW - 100, 3, status, vars);
    }

    static Stream<Arguments> table() {
        NodeStatus donor = node(Map.of("wsrep_local_state", "2", "wsrep_local_state_comment", "Donor/Desynced",
                "wsrep_desync_count", "1"), Map.of());
        NodeStatus readOnly = node(Map.of(), Map.of("read_only", "1"));
        return Stream.of(
                Arguments.of("synced", node(Map.of(), Map.of()), false, STRICT, true, "synced, Primary, ready"),
                Arguments.of("maintenance", node(Map.of(), Map.of()), true, STRICT, false, "maintenance"),
                Arguments.of("donor, strict", donor, false, STRICT, false, "donor"),
                Arguments.of("donor, availableWhenDonor", donor, false, LENIENT, true, "donor, available"),
                Arguments.of("joiner", node(Map.of("wsrep_local_state", "1", "wsrep_local_state_comment", "Joining: receiving State Transfer"), Map.of()),
                        false, LENIENT, false, "not synced"),
                Arguments.of("joined", node(Map.of("wsrep_local_state", "3", "wsrep_local_state_comment", "Joined"), Map.of()),
                        false, LENIENT, false, "not synced: Joined (3)"),
                Arguments.of("initialized", node(Map.of("wsrep_local_state", "0", "wsrep_local_state_comment", "Initialized"), Map.of()),
                        false, LENIENT, false, "not synced: Initialized"),
                Arguments.of("non-Primary", node(Map.of("wsrep_cluster_status", "non-Primary", "wsrep_local_state", "0",
                        "wsrep_local_state_comment", "Initialized", "wsrep_ready", "OFF"), Map.of()), false, LENIENT, false, "not in the Primary Component"),
                Arguments.of("wsrep_desync=ON", node(Map.of("wsrep_local_state", "2", "wsrep_local_state_comment", "Donor/Desynced",
                        "wsrep_desync_count", "1"), Map.of("wsrep_desync", "1")), false, LENIENT, false, "wsrep_desync=ON"),
                Arguments.of("reject queries", node(Map.of(), Map.of("wsrep_reject_queries", "ALL")), false, LENIENT, false, "wsrep_reject_queries=ALL"),
                Arguments.of("read-only, strict", readOnly, false, STRICT, false, "read-only"),
                Arguments.of("read-only, availableWhenReadOnly", readOnly, false, LENIENT, true, "read-only"),
                Arguments.of("not ready", node(Map.of("wsrep_ready", "OFF"), Map.of()), false, LENIENT, false, "wsrep_ready=OFF"),
                Arguments.of("disconnected", node(Map.of("wsrep_connected", "OFF"), Map.of()), false, LENIENT, false, "wsrep_connected=OFF"),
                Arguments.of("mariadbd down", NodeStatus.unreachable("Connection refused", NOW - 100, 1000), false, LENIENT, false,
                        "mariadbd not reachable: Connection refused"),
                Arguments.of("not polled yet", NodeStatus.notYetPolled(), false, LENIENT, false, "no status yet"),
                Arguments.of("stale snapshot", new NodeStatus(true, "", NOW - 60_000, 3, node(Map.of(), Map.of()).status(),
                        node(Map.of(), Map.of()).variables()), false, LENIENT, false, "stale"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void row(String name, NodeStatus status, boolean maintenance, HealthOptions options, boolean available, String reason) {
        HealthVerdict v = Availability.evaluate(status, maintenance, NOW, options);
        assertEquals(available, v.available(), v.reason());
        assertEquals(available ? 200 : 503, v.httpStatus());
        assertTrue(v.reason().contains(reason), "reason '" + v.reason() + "' lacks '" + reason + "'");
    }
}
