package galera.agent.lab;

import galera.agent.election.Position;
import galera.agent.position.RecoverLog;
import galera.agent.support.Http;
import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of one node's mariadbd: the agent stays up, says the database is unreachable and why, reports the
 * crashed grastate.dat (seqno -1), and its recoverPosition gives exactly what {@code mariadbd --wsrep-recover}
 * prints when run by hand. Then the node is started again and rejoins.
 */
class CrashLabIT {
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String url, String auth, String what) throws Exception {
        String body = Http.get(url + "/read/" + what, auth).body();
        Map<String, Object> r = (Map<String, Object>) new JSONParser().parse(body);
        assertEquals(200, ((Number) r.get("status")).intValue(), body);
        return r;
    }

    @Test
    void agentSurvivesACrashedServerAndRecoversItsPosition() throws Exception {
        Properties creds = Lab.credentials();
        String auth = Http.basic(creds.getProperty("jolokiaUser"), creds.getProperty("jolokiaPassword"));
        Map<String, Object> node = Lab.node(3);
        String url = (String) node.get("jolokiaUrl");
        Number pid = (Number) node.get("mariadbdPid");
        assertNotNull(pid, "node3 has no running mariadbd: " + node);
        Properties agentConfig = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of((String) node.get("agentConfig")))) {
            agentConfig.load(r);
        }
        String datadir = agentConfig.getProperty("datadir");
        String defaultsFile = agentConfig.getProperty("defaultsFile");

        // Pacemaker must not restart the server under our feet while we look: maintenance for node3.
        Lab.ok("exec", "1", "--", "crm_attribute", "-N", "node3", "-n", "maintenance", "-v", "true");
        Lab.ok("exec", "3", "--", "kill", "-9", pid.toString());
        try {
            Object reachable = Lab.await(Duration.ofSeconds(15), Duration.ofMillis(200), () -> {
                try {
                    return Boolean.FALSE.equals(read(url, auth, "galera:type=Node/DatabaseReachable").get("value")) ? Boolean.FALSE : null;
                } catch (Exception e) {
                    return null;
                }
            });
            assertEquals(Boolean.FALSE, reachable, "the agent still thinks mariadbd is reachable");
            assertEquals(false, read(url, auth, "galera:type=Node/Connected").get("value"));
            assertFalse(((String) read(url, auth, "galera:type=Node/LastError").get("value")).isEmpty());
            assertEquals(503, Http.get((String) node.get("healthUrl"), null).statusCode());

            // The pid file survives kill -9, and the server might linger as a zombie: wait until it is gone.
            Lab.await(Duration.ofSeconds(10), Duration.ofMillis(200), () -> {
                try {
                    return Lab.run("exec", "3", "--", "test", "-d", "/proc/" + pid).exit() != 0 ? true : null;
                } catch (Exception e) {
                    return null;
                }
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> before = (Map<String, Object>) read(url, auth, "galera:type=Position").get("value");
            // seqno -1 in grastate.dat; a managed agent may already have recovered it on its own.
            assertTrue("NONE".equals(before.get("Source")) ? ((Number) before.get("Seqno")).longValue() == -1
                    : "WSREP_RECOVER".equals(before.get("Source")), before.toString());

            String exec = Http.post(url, auth, "{\"type\":\"exec\",\"mbean\":\"galera:type=Position\",\"operation\":\"recoverPosition\"}").body();
            assertTrue(exec.contains("recovered position"), exec);
            @SuppressWarnings("unchecked")
            Map<String, Object> after = (Map<String, Object>) read(url, auth, "galera:type=Position").get("value");
            assertEquals("WSREP_RECOVER", after.get("Source"), after.toString());

            // By hand, the way an operator would: same binary, same options, our own log file.
            Path log = Path.of(datadir, "manual-recover-" + System.nanoTime() + ".err");
            Lab.ok("exec", "3", "--", "/usr/sbin/mariadbd", "--defaults-file=" + defaultsFile, "--wsrep-recover",
                    "--log-error=" + log);
            Position manual = RecoverLog.recoveredPosition(Files.readAllLines(log)).orElseThrow(() ->
                    new AssertionError("no Recovered position in " + log));
            Files.deleteIfExists(log);
            assertEquals(manual.toString(), after.get("Position"));
            assertTrue(manual.seqno() >= 0, manual.toString());
        } finally {
            Lab.ok("exec", "1", "--", "crm_attribute", "-N", "node3", "-n", "maintenance", "-D");
            Lab.ok("start", "3");
        }
        Object synced = Lab.await(Duration.ofSeconds(120), Duration.ofMillis(500), () -> {
            try {
                return "Synced".equals(read(url, auth, "galera:type=Node/LocalStateComment").get("value")) ? true : null;
            } catch (Exception e) {
                return null;
            }
        });
        assertEquals(true, synced, "node3 did not rejoin");
    }
}
