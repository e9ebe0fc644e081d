package galera.agent.health;

import galera.agent.health.HealthVerdict.State;
import galera.agent.node.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The health table of docs/health.md, row by row, and the table itself against the code. */
class AvailabilityTest {
    static final long NOW = 1_000_000;
    /** Percona's switches off, donors cut rather than drained, no queue limit. */
    static final HealthOptions STRICT = new HealthOptions(false, false, false, 0, 5_000);
    /** The shipped defaults: availableWhenDonor=false, availableWhenReadOnly=true, drainWhenDonor=true. */
    static final HealthOptions DEFAULTS = new HealthOptions(false, true, true, 0, 5_000);
    static final HealthOptions LENIENT = new HealthOptions(true, true, true, 100, 5_000);
    static final AdminState READY = AdminState.READY;
    static final AdminState DRAINED = new AdminState(AdminState.Mode.DRAIN, "kernel upgrade", "ops", NOW - 10);
    static final AdminState MAINTAINED = new AdminState(AdminState.Mode.MAINT, "disk swap", "ops", NOW - 10);

    /** A Synced, Primary, ready node; each row changes one thing. */
    static NodeStatus node(Map<String, String> statusChanges, Map<String, String> variableChanges) {
        Map<String, String> status = new HashMap<>(Map.of("wsrep_local_state", "4", "wsrep_local_state_comment", "Synced",
                "wsrep_cluster_status", "Primary", "wsrep_ready", "ON", "wsrep_connected", "ON", "wsrep_desync_count", "0",
                "wsrep_local_recv_queue", "0"));
        status.putAll(statusChanges);
        Map<String, String> vars = new HashMap<>(Map.of("read_only", "0", "wsrep_desync", "0", "wsrep_reject_queries", "NONE"));
        vars.putAll(variableChanges);
        return new NodeStatus(true, "", NOW - 100, 3, status, vars);
    }

    static final NodeStatus SYNCED = node(Map.of(), Map.of());
    static final NodeStatus DONOR = node(Map.of("wsrep_local_state", "2", "wsrep_local_state_comment", "Donor/Desynced",
            "wsrep_desync_count", "1"), Map.of());
    static final NodeStatus READ_ONLY = node(Map.of(), Map.of("read_only", "1"));

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("maint (MBean)", SYNCED, MAINTAINED, false, LENIENT, State.MAINT, "maint", "disk swap"),
                Arguments.of("maintenance file", SYNCED, READY, true, LENIENT, State.MAINT, "maintenance-file", "maintenance"),
                Arguments.of("not polled yet", NodeStatus.notYetPolled(), READY, false, LENIENT, State.DOWN, "no-status", "no status yet"),
                Arguments.of("stale snapshot", new NodeStatus(true, "", NOW - 60_000, 3, SYNCED.status(), SYNCED.variables()),
                        READY, false, LENIENT, State.DOWN, "stale", "stale"),
                Arguments.of("mariadbd down", NodeStatus.unreachable("Connection refused", NOW - 100, 1000), READY, false, LENIENT,
                        State.DOWN, "unreachable", "mariadbd not reachable: Connection refused"),
                Arguments.of("disconnected", node(Map.of("wsrep_connected", "OFF"), Map.of()), READY, false, LENIENT,
                        State.DOWN, "disconnected", "wsrep_connected=OFF"),
                Arguments.of("non-Primary", node(Map.of("wsrep_cluster_status", "non-Primary", "wsrep_local_state", "0",
                        "wsrep_local_state_comment", "Initialized", "wsrep_ready", "OFF"), Map.of()), READY, false, LENIENT,
                        State.DOWN, "non-primary", "not in the Primary Component"),
                Arguments.of("reject queries", node(Map.of(), Map.of("wsrep_reject_queries", "ALL")), READY, false, LENIENT,
                        State.DOWN, "reject-queries", "wsrep_reject_queries=ALL"),
                Arguments.of("wsrep_desync=ON", node(Map.of("wsrep_local_state", "2", "wsrep_local_state_comment", "Donor/Desynced",
                        "wsrep_desync_count", "1"), Map.of("wsrep_desync", "1")), READY, false, LENIENT, State.DOWN, "desync", "wsrep_desync=ON"),
                Arguments.of("donor, drained (default)", DONOR, READY, false, DEFAULTS, State.DRAIN, "donor", "drained"),
                Arguments.of("donor, cut (drainWhenDonor=false)", DONOR, READY, false, STRICT, State.DOWN, "donor", "availableWhenDonor=false"),
                Arguments.of("joiner", node(Map.of("wsrep_local_state", "1", "wsrep_local_state_comment", "Joining: receiving State Transfer"), Map.of()),
                        READY, false, LENIENT, State.DOWN, "not-synced", "not synced"),
                Arguments.of("joined", node(Map.of("wsrep_local_state", "3", "wsrep_local_state_comment", "Joined"), Map.of()),
                        READY, false, LENIENT, State.DOWN, "not-synced", "not synced: Joined (3)"),
                Arguments.of("initialized", node(Map.of("wsrep_local_state", "0", "wsrep_local_state_comment", "Initialized"), Map.of()),
                        READY, false, LENIENT, State.DOWN, "not-synced", "not synced: Initialized"),
                Arguments.of("not ready", node(Map.of("wsrep_ready", "OFF"), Map.of()), READY, false, LENIENT, State.DOWN, "not-ready", "wsrep_ready=OFF"),
                Arguments.of("read-only, strict", READ_ONLY, READY, false, STRICT, State.DOWN, "read-only", "read-only"),
                Arguments.of("drain (MBean)", SYNCED, DRAINED, false, LENIENT, State.DRAIN, "drain", "kernel upgrade"),
                Arguments.of("receive queue over the limit", node(Map.of("wsrep_local_recv_queue", "101"), Map.of()), READY, false, LENIENT,
                        State.DRAIN, "recv-queue", "wsrep_local_recv_queue=101 > recvQueueLimit=100"),
                Arguments.of("donor, availableWhenDonor", DONOR, READY, false, LENIENT, State.UP, "donor-available", "donor, available"),
                Arguments.of("read-only, availableWhenReadOnly (default)", READ_ONLY, READY, false, DEFAULTS, State.UP,
                        "read-only-available", "read-only"),
                Arguments.of("synced", SYNCED, READY, false, STRICT, State.UP, "synced", "synced, Primary, ready"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void row(String name, NodeStatus status, AdminState admin, boolean maintenanceFile, HealthOptions options,
             State state, String rule, String reason) {
        HealthVerdict v = Availability.evaluate(status, admin, maintenanceFile, NOW, options);
        assertEquals(state, v.state(), v.reason());
        assertEquals(rule, v.rule(), v.reason());
        assertTrue(v.reason().contains(reason), "reason '" + v.reason() + "' lacks '" + reason + "'");
        int http = switch (state) { case UP -> 200; case DRAIN -> 404; default -> 503; };
        assertEquals(http, v.httpStatus());
        String agentWord = switch (state) { case UP -> "up ready"; case DRAIN -> "up drain"; case DOWN -> "ready down #"; case MAINT -> "maint"; };
        assertTrue(v.agentReply().startsWith(agentWord), v.agentReply());
        assertTrue(v.agentReply().indexOf('\n') < 0 && v.agentReply().indexOf('\r') < 0, "one line: " + v.agentReply());
    }

    @Test
    void aDrainedNodeWhoseDatabaseFailsIsDownNotDraining() {
        HealthVerdict v = Availability.evaluate(NodeStatus.unreachable("Connection refused", NOW - 100, 1), DRAINED, false, NOW, LENIENT);
        assertEquals(State.DOWN, v.state());
        assertEquals("unreachable", v.rule());
    }

    @Test
    void maintenanceWinsOverEverything() {
        HealthVerdict v = Availability.evaluate(NodeStatus.unreachable("x", NOW - 100, 1), MAINTAINED, true, NOW, STRICT);
        assertEquals(State.MAINT, v.state());
        assertEquals("maint", v.rule());
    }

    @Test
    void aQueueAtTheLimitIsStillUpAndZeroTurnsTheCheckOff() {
        NodeStatus atLimit = node(Map.of("wsrep_local_recv_queue", "100"), Map.of());
        assertEquals(State.UP, Availability.evaluate(atLimit, READY, false, NOW, LENIENT).state());
        NodeStatus huge = node(Map.of("wsrep_local_recv_queue", "1000000"), Map.of());
        assertEquals(State.UP, Availability.evaluate(huge, READY, false, NOW, DEFAULTS).state());
    }

    @Test
    void aReasonWithNewlinesCannotBreakTheAgentProtocol() {
        AdminState sneaky = new AdminState(AdminState.Mode.DRAIN, "a\r\nready up", "ops", NOW);
        HealthVerdict v = Availability.evaluate(NodeStatus.unreachable("line1\nline2", NOW - 100, 1), sneaky, false, NOW, LENIENT);
        assertEquals(-1, v.agentReply().indexOf('\n'));
        assertEquals(-1, v.agentReply().indexOf('\r'));
        assertEquals(-1, sneaky.reason().indexOf('\n'));
    }

    /** Every rule the code can produce has a row in docs/health.md, and the doc names no rule the code lacks. */
    @Test
    void theDocumentedTableMatchesTheCode() throws IOException {
        String doc = Files.readString(Path.of("docs/health.md"));
        Matcher m = Pattern.compile("(?m)^\\| *\\d+ *\\|[^|]*\\|[^|]*\\| *`([a-z-]+)` *\\|").matcher(doc);
        Set<String> documented = new LinkedHashSet<>();
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> tested = table().map(a -> (String) a.get()[6]).collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(tested, documented, "docs/health.md rule column vs AvailabilityTest rows (in order)");
    }
}
