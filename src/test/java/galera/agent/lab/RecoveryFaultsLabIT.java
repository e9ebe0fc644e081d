package galera.agent.lab;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults during a whole-cluster recovery on the real lab: a partition that isolates one node while the nodes
 * come back, the agent of the would-be winner killed in the middle of the election window, and an operator's
 * ban on the last survivor while it was down. Each must end with exactly one bootstrap, on the quorate side,
 * and (where a writer runs) no acknowledged write lost.
 */
class RecoveryFaultsLabIT {
    private static final Pattern BOOTSTRAP = Pattern.compile("^(node\\d) .*\"action\":\"bootstrap\",\"outcome\":\"ok: bootstrapping from");

    static List<String> bootstraps(Instant since) throws Exception {
        return OutageLabIT.linesSince("agent-state/audit.log", since).stream().filter(l -> BOOTSTRAP.matcher(l).find()).toList();
    }

    static String node(String auditLine) {
        Matcher m = BOOTSTRAP.matcher(auditLine);
        assertTrue(m.find(), auditLine);
        return m.group(1);
    }

    @Test
    void anIsolatedMinorityNeverBootstrapsAndJoinsAfterTheHeal() throws Exception {
        Lab.ok("load", "start");
        Thread.sleep(3000);
        Lab.ok("crash", "all", "--stagger", "8");
        Instant start = Instant.now();
        Lab.ok("partition", "3");
        try {
            Lab.ok("start", "all", "--no-wait");
            Lab.Result majority = Lab.run("wait", "1", "2");
            assertEquals(0, majority.exit(), majority.output());
            // node3 sat alone through the whole window and more: it must still not have bootstrapped.
            List<String> b = bootstraps(start);
            assertEquals(1, b.size(), "exactly one bootstrap: " + b);
            assertFalse(node(b.get(0)).equals("node3"), "the isolated node bootstrapped: " + b);
        } finally {
            Lab.ok("heal", "3");
        }
        Lab.Result all = Lab.run("wait", "all");
        assertEquals(0, all.exit(), all.output());
        assertEquals(1, bootstraps(start).size(), "a second bootstrap after the heal: " + bootstraps(start));
        Lab.ok("load", "stop");
        Lab.Result verify = Lab.run("load", "verify");
        assertEquals(0, verify.exit(), verify.output());
    }

    @Test
    void theWouldBeWinnersAgentKilledMidWindowStillOneBootstrap() throws Exception {
        Lab.ok("load", "start");
        Thread.sleep(3000);
        Lab.ok("crash", "all", "--stagger", "8");
        Instant start = Instant.now();
        // node3 stays down, so the others wait for the window; node2 crashed after node1, so it holds the
        // higher position and is the one to be elected.
        Lab.ok("start", "1", "--no-wait");
        Lab.ok("start", "2", "--no-wait");
        Thread.sleep(12_000);
        Lab.ok("exec", "2", "--", "pkill", "-f", "[g]alera-agent.jar --config " + Lab.node(2).get("agentConfig"));
        Lab.Result two = Lab.run("wait", "1", "2");
        assertEquals(0, two.exit(), two.output());
        List<String> b = bootstraps(start);
        assertEquals(1, b.size(), "exactly one bootstrap: " + b);
        assertEquals("node2", node(b.get(0)), "the agent killed was not the would-be winner's: " + b);
        Lab.ok("start", "3");
        assertEquals(1, bootstraps(start).size(), "a second bootstrap: " + bootstraps(start));
        Lab.ok("load", "stop");
        Lab.Result verify = Lab.run("load", "verify");
        assertEquals(0, verify.exit(), verify.output());
    }

    @Test
    void aSurvivorBannedWhileDownIsNotResumedAndStartsOnceTheBanIsCleared() throws Exception {
        // No writer here: node3 could otherwise come back a transaction ahead of the others, who would then rightly
        // wait for it (election rule 10), which is not what this test is about.
        Instant start = Instant.now();
        Lab.ok("crash", "1");
        Lab.ok("crash", "2");
        // node3 alone: Pacemaker stops its resource for quorum loss, and its agent remembers that stop.
        java.nio.file.Path marker = OutageLabIT.nodeDir(Lab.node(3)).resolve("agent-state/managed.quorum-lost");
        assertTrue(Lab.await(java.time.Duration.ofSeconds(60), java.time.Duration.ofMillis(500),
                () -> java.nio.file.Files.exists(marker) ? true : null) != null, "no stop for quorum loss on node3");
        Lab.ok("exec", "3", "--", "crm_resource", "--ban", "-r", "galera-clone", "-N", "node3");
        Lab.ok("crash", "3");
        try {
            Lab.ok("start", "all", "--no-wait");
            Lab.Result two = Lab.run("wait", "1", "2");
            assertEquals(0, two.exit(), two.output());
            List<String> audit3 = OutageLabIT.linesSince("agent-state/audit.log", start).stream()
                    .filter(l -> l.startsWith("node3 ")).toList();
            assertTrue(audit3.stream().noneMatch(l -> l.contains("\"action\":\"resume\"")), "a banned node took itself back: " + audit3);
            List<String> said = OutageLabIT.linesSince("log/agent.log", start).stream()
                    .filter(l -> l.startsWith("node3 ") && l.contains("not taking it back by itself")).toList();
            assertTrue(said.stream().anyMatch(l -> l.contains("cli-ban-galera-clone-on-node3")), "no reason given: " + said);
        } finally {
            Lab.ok("exec", "3", "--", "crm_resource", "--clear", "-r", "galera-clone", "-N", "node3");
        }
        // Cleared: Pacemaker starts it there (a start, not a resume), and it joins.
        Lab.Result all = Lab.run("wait", "all");
        assertEquals(0, all.exit(), all.output());
        assertTrue(OutageLabIT.linesSince("agent-state/audit.log", start).stream()
                .anyMatch(l -> l.startsWith("node3 ") && l.contains("\"action\":\"prepare\"")), "Pacemaker never started node3");
        assertEquals(1, bootstraps(start).size(), "exactly one bootstrap: " + bootstraps(start));
    }
}
