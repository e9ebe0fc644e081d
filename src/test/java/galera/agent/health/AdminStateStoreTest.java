package galera.agent.health;

import galera.agent.node.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void noFileMeansReady() {
        assertEquals(AdminState.Mode.READY, new AdminStateStore(dir.resolve("health-admin")).load().mode());
    }

    @Test
    void aDrainSurvivesARestart() throws IOException {
        Path file = dir.resolve("health-admin");
        HealthMonitor before = monitor(file);
        before.setAdmin(AdminState.Mode.DRAIN, "rolling upgrade = step 2: node2", "alice");
        HealthMonitor after = monitor(file);
        assertEquals(AdminState.Mode.DRAIN, after.admin().mode());
        assertEquals("rolling upgrade = step 2: node2", after.admin().reason());
        assertEquals("alice", after.admin().by());
        assertEquals(HealthVerdict.State.DRAIN, after.verdict().state());
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }

    @Test
    void aCorruptFileDrainsAndIsLeftAlone() throws IOException {
        Path file = dir.resolve("health-admin");
        Files.writeString(file, "mode=SIDEWAYS\n");
        AdminState s = new AdminStateStore(file).load();
        assertEquals(AdminState.Mode.DRAIN, s.mode());
        assertTrue(s.reason().contains("unreadable"), s.reason());
        assertEquals("mode=SIDEWAYS\n", Files.readString(file));
    }

    @Test
    void aStateThatCannotBeSavedIsNotApplied() throws IOException {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        HealthMonitor m = monitor(blocker.resolve("health-admin"));
        AdminState before = m.admin();
        assertThrows(IOException.class, () -> m.setAdmin(AdminState.Mode.MAINT, "x", "bob"));
        assertEquals(before, m.admin());
        assertEquals(AdminState.Mode.DRAIN, before.mode(), "an unreadable state file drains: " + before.reason());
    }

    private HealthMonitor monitor(Path file) {
        NodeStatus synced = AvailabilityTest.node(Map.of(), Map.of());
        return new HealthMonitor(() -> synced, dir.resolve("maintenance"), AvailabilityTest.DEFAULTS,
                () -> AvailabilityTest.NOW, new AdminStateStore(file));
    }
}
