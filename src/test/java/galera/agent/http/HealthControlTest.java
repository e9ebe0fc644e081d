package galera.agent.http;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static galera.agent.support.Http.basic;
import static galera.agent.support.Http.jolokiaStatus;
import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's drain/maint/ready switches on a real in-process agent, through real Jolokia, remote JMX, the
 * /health endpoint and the agent-check socket. Its database is down, so the health table says DOWN unless an
 * operator's MAINT (row 1) decides first.
 */
class HealthControlTest {
    @TempDir
    Path dir;
    InProcessAgent agent;
    final String auth = basic(USER, PASSWORD);

    @BeforeEach
    void start() throws Exception {
        agent = new InProcessAgent(dir, "");
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private String exec(String path) throws Exception {
        return Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/" + path, auth).body();
    }

    private String read(String attribute) throws Exception {
        return Http.get(agent.jolokiaUrl() + "/read/galera:type=Health/" + attribute, auth).body();
    }

    /** One agent-check exchange, as HAProxy does it: connect, optionally send agent-send, read one line. */
    static String agentCheck(int port, String send) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            if (send != null) {
                OutputStream out = s.getOutputStream();
                out.write(send.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(all.endsWith("\n") && all.indexOf('\n') == all.length() - 1, "exactly one line: [" + all + "]");
            return all.strip();
        }
    }

    @Test
    void maintAndReadyReachHealthAndTheAgentCheckAndAreAudited() throws Exception {
        assertTrue(agentCheck(agent.agentCheckPort, null).startsWith("ready down #mariadbd not reachable"));

        String body = exec("maint/disk%20swap%20CHG-42");
        assertEquals(200, jolokiaStatus(body), body);
        assertTrue(body.contains("ok: admin state READY -> MAINT (disk swap CHG-42)"), body);
        assertEquals("maint", agentCheck(agent.agentCheckPort, "be_galera/node1\n"));
        HttpResponse<String> health = Http.get(agent.healthUrl(), null);
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("\"state\":\"MAINT\"") && health.body().contains("\"rule\":\"maint\""), health.body());
        assertTrue(read("AdminBy").contains("\"value\":\"jolokia:operator@127.0.0.1\""), read("AdminBy"));

        body = exec("ready");
        assertTrue(body.contains("ok: admin state MAINT -> READY"), body);
        assertTrue(agentCheck(agent.agentCheckPort, null).startsWith("ready down #"));

        String audit = Files.readString(agent.dir.resolve("state/audit.log"));
        assertTrue(audit.contains("\"action\":\"health.maint\"") && audit.contains("\"action\":\"health.ready\""), audit);
        assertTrue(audit.contains("\"who\":\"jolokia:operator@127.0.0.1\""), audit);
    }

    @Test
    void aDrainIsPersistedAcrossAnAgentRestart() throws Exception {
        assertTrue(exec("drain/rolling%20upgrade").contains("ok: admin state READY -> DRAIN"));
        agent.close();
        agent = new InProcessAgent(dir, "");
        String admin = read("AdminState");
        assertTrue(admin.contains("\"value\":\"DRAIN\""), admin);
        assertTrue(read("AdminReason").contains("rolling upgrade"));
    }

    @Test
    void unauthenticatedOrReadOnlyCallersChangeNothing() throws Exception {
        HttpResponse<String> anon = Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/maint/x", null);
        assertEquals(401, anon.statusCode());
        HttpResponse<String> wrong = Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/maint/x", basic(USER, "nope"));
        assertEquals(401, wrong.statusCode());
        assertFalse(Files.exists(agent.dir.resolve("state/health-admin")), "no admin state written");

        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + agent.jmxPort + "/jmxrmi");
        try (JMXConnector c = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[]{"monitor", "monitor-Pa55"}))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            ObjectName health = new ObjectName("galera:type=Health");
            assertEquals("READY", mbs.getAttribute(health, "AdminState"));
            assertThrows(SecurityException.class, () -> mbs.invoke(health, "maint", new Object[]{"x"}, new String[]{String.class.getName()}));
        }
        assertFalse(Files.exists(agent.dir.resolve("state/health-admin")), "a readonly JMX user cannot maint");
        assertEquals("READY", Http.get(agent.jolokiaUrl() + "/read/galera:type=Health/AdminState", auth).body()
                .replaceAll(".*\"value\":\"([A-Z]+)\".*", "$1"));
    }

    @Test
    void anOverlongReasonIsRefusedAndChangesNothing() throws Exception {
        String body = exec("drain/" + "x".repeat(300));
        assertTrue(body.contains("refused: the reason is 300 characters"), body);
        assertTrue(read("AdminState").contains("\"value\":\"READY\""));
    }

    @Test
    void evaluateAnswersUnderPerconasSwitchesWithoutChangingAnything() throws Exception {
        String body = exec("evaluate/true/false");
        assertEquals(200, jolokiaStatus(body), body);
        assertTrue(body.contains("\"value\":\"503 DOWN unreachable mariadbd not reachable"), body);
    }
}
