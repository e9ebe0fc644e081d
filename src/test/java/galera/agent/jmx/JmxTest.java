package galera.agent.jmx;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MBeans describe themselves, the remote connector needs credentials, and /health tells the truth. */
class JmxTest {
    @TempDir
    static Path dir;
    static InProcessAgent agent;

    @BeforeAll
    static void start() throws Exception {
        agent = new InProcessAgent(dir, "");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private JMXServiceURL url() throws Exception {
        return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + agent.jmxPort + "/jmxrmi");
    }

    @Test
    void everyAttributeOperationAndParameterIsDescribed() throws Exception {
        for (String type : new String[]{"Node", "Position", "Election", "Health"}) {
            MBeanInfo info = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(new ObjectName("galera:type=" + type));
            assertFalse(info.getDescription().contains("Information on the management interface"), info.getDescription());
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertNotEquals(a.getName(), a.getDescription(), "attribute " + a.getName() + " has no description");
            }
            for (MBeanOperationInfo op : info.getOperations()) {
                assertNotEquals(op.getName(), op.getDescription(), "operation " + op.getName() + " has no description");
                assertNotEquals(MBeanOperationInfo.UNKNOWN, op.getImpact(), op.getName());
                Arrays.stream(op.getSignature()).forEach(p -> assertFalse(p.getName().matches("p\\d+"), p.getName()));
            }
        }
        MBeanInfo position = ManagementFactory.getPlatformMBeanServer().getMBeanInfo(new ObjectName("galera:type=Position"));
        MBeanOperationInfo recover = Arrays.stream(position.getOperations())
                .filter(o -> o.getName().equals("recoverPosition")).findFirst().orElseThrow();
        assertEquals(MBeanOperationInfo.ACTION_INFO, recover.getImpact());
    }

    @Test
    void remoteJmxWithCredentialsReadsAndInvokes() throws Exception {
        try (JMXConnector c = JMXConnectorFactory.connect(url(), Map.of(JMXConnector.CREDENTIALS, new String[]{USER, PASSWORD}))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertEquals("test1", mbs.getAttribute(new ObjectName("galera:type=Node"), "NodeName"));
            assertEquals(false, mbs.getAttribute(new ObjectName("galera:type=Node"), "DatabaseReachable"));
            Object result = mbs.invoke(new ObjectName("galera:type=Position"), "recoverPosition", new Object[0], new String[0]);
            assertTrue(result.toString().startsWith("failed: "), result.toString());
        }
        String audit = Files.readString(dir.resolve("state/audit.log"));
        assertTrue(audit.contains("\"who\":\"jmx:" + USER), audit);
    }

    @Test
    void remoteJmxWithoutOrWithWrongCredentialsIsRefused() throws Exception {
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url()).close());
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url(),
                Map.of(JMXConnector.CREDENTIALS, new String[]{USER, "wrong"})).close());
    }

    @Test
    void readOnlyJmxUserCannotInvoke() throws Exception {
        try (JMXConnector c = JMXConnectorFactory.connect(url(), Map.of(JMXConnector.CREDENTIALS, new String[]{"monitor", "monitor-Pa55"}))) {
            MBeanServerConnection mbs = c.getMBeanServerConnection();
            assertEquals("test1", mbs.getAttribute(new ObjectName("galera:type=Node"), "NodeName"));
            assertThrows(SecurityException.class, () -> mbs.invoke(new ObjectName("galera:type=Position"),
                    "recoverPosition", new Object[0], new String[0]));
        }
    }

    @Test
    void healthSays503WithTheReasonWhileTheDatabaseIsDown() throws Exception {
        HttpResponse<String> r = Http.get(agent.healthUrl(), null);
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("\"available\":false") && r.body().contains("mariadbd not reachable"), r.body());
        assertEquals(405, Http.post(agent.healthUrl(), null, "{}").statusCode());
        Files.writeString(dir.resolve("maintenance"), "");
        try {
            HttpResponse<String> m = Http.get(agent.healthUrl(), null);
            assertEquals(503, m.statusCode());
            assertTrue(m.body().contains("maintenance"), m.body());
        } finally {
            Files.delete(dir.resolve("maintenance"));
        }
    }

    @Test
    void secretsNeverReachTheJolokiaVersionOrTheNodeAttributes() throws Exception {
        String version = Http.get(agent.jolokiaUrl() + "/version", Http.basic(USER, PASSWORD)).body();
        String node = Http.get(agent.jolokiaUrl() + "/read/galera:type=Node", Http.basic(USER, PASSWORD)).body();
        for (String body : new String[]{version, node}) {
            assertFalse(body.contains(PASSWORD), body);
            assertFalse(body.contains(InProcessAgent.DB_PASSWORD), body);
        }
    }
}
