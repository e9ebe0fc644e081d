package galera.agent.lab;

import galera.agent.support.Http;
import org.jolokia.json.parser.JSONParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent on the real lab: its MBeans, read over remote JMX and over Jolokia, match SHOW STATUS on the
 * node; a desync shows on /health and in HAProxy; the secured endpoint refuses what it must.
 */
class AgentLabIT {
    static Properties creds;
    static Map<String, Object> status;

    @BeforeAll
    static void lab() throws Exception {
        status = Lab.status();
        creds = Lab.credentials();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> nodes() {
        return (List<Map<String, Object>>) status.get("nodes");
    }

    static String auth() {
        return Http.basic(creds.getProperty("jolokiaUser"), creds.getProperty("jolokiaPassword"));
    }

    static Map<String, String> showStatus(Map<String, Object> node) throws Exception {
        String url = "jdbc:mariadb://" + node.get("sqlAddress") + "/?sslMode=disable&connectTimeout=3000";
        try (Connection c = DriverManager.getConnection(url, creds.getProperty("sqlUser"), creds.getProperty("sqlPassword"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep\\_%'")) {
            Map<String, String> m = new HashMap<>();
            while (rs.next()) {
                m.put(rs.getString(1).toLowerCase(), rs.getString(2));
            }
            return m;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jolokiaNode(Map<String, Object> node) throws Exception {
        String body = Http.get(node.get("jolokiaUrl") + "/read/galera:type=Node", auth()).body();
        Map<String, Object> r = (Map<String, Object>) new JSONParser().parse(body);
        assertEquals(200, ((Number) r.get("status")).intValue(), body);
        return (Map<String, Object>) r.get("value");
    }

    @Test
    void mbeansOverJmxAndJolokiaMatchShowStatus() throws Exception {
        for (Map<String, Object> node : nodes()) {
            Map<String, String> sql = showStatus(node);
            Map<String, Object> jol = jolokiaNode(node);
            JMXServiceURL url = new JMXServiceURL((String) node.get("jmxUrl"));
            try (JMXConnector c = JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                    new String[]{creds.getProperty("jmxUser"), creds.getProperty("jmxPassword")}))) {
                MBeanServerConnection mbs = c.getMBeanServerConnection();
                ObjectName on = new ObjectName("galera:type=Node");
                String name = (String) node.get("name");
                assertEquals(name, mbs.getAttribute(on, "NodeName"));
                assertEquals(sql.get("wsrep_local_state_comment"), mbs.getAttribute(on, "LocalStateComment"), name);
                assertEquals(sql.get("wsrep_local_state_comment"), jol.get("LocalStateComment"), name);
                assertEquals(Integer.parseInt(sql.get("wsrep_local_state")), mbs.getAttribute(on, "LocalState"), name);
                assertEquals(sql.get("wsrep_cluster_status"), mbs.getAttribute(on, "ClusterStatus"), name);
                assertEquals(sql.get("wsrep_cluster_status"), jol.get("ClusterStatus"), name);
                assertEquals(Integer.parseInt(sql.get("wsrep_cluster_size")), mbs.getAttribute(on, "ClusterSize"), name);
                assertEquals(Integer.parseInt(sql.get("wsrep_cluster_size")), ((Number) jol.get("ClusterSize")).intValue(), name);
                assertEquals(sql.get("wsrep_cluster_state_uuid"), mbs.getAttribute(on, "ClusterStateUuid"), name);
                assertEquals(sql.get("wsrep_cluster_state_uuid"), jol.get("ClusterStateUuid"), name);
                assertEquals(Integer.parseInt(sql.get("wsrep_local_index")), mbs.getAttribute(on, "LocalIndex"), name);
                assertEquals("ON".equals(sql.get("wsrep_ready")), mbs.getAttribute(on, "Ready"), name);
                assertEquals("ON".equals(sql.get("wsrep_connected")), jol.get("Connected"), name);
                // No load runs during this test, so the committed seqno is stable once a poll has passed.
                long seqno = Long.parseLong(sql.get("wsrep_last_committed"));
                Long seen = Lab.await(Duration.ofSeconds(5), Duration.ofMillis(200), () -> {
                    try {
                        long v = (Long) mbs.getAttribute(on, "LastCommitted");
                        return v == seqno ? v : null;
                    } catch (Exception e) {
                        return null;
                    }
                });
                assertEquals(seqno, seen, name + " LastCommitted");
                assertEquals(true, mbs.getAttribute(on, "Available"), name + ": " + mbs.getAttribute(on, "AvailabilityReason"));
            }
        }
    }

    @Test
    void desyncTakesTheNodeOutOfHaproxyAndBack() throws Exception {
        Map<String, Object> node2 = Lab.node(2);
        Path socket = Path.of((String) ((Map<?, ?>) status.get("haproxy")).get("statsSocket"));
        String backend = (String) ((Map<?, ?>) status.get("haproxy")).get("backend");
        assertTrue(HaproxyStats.servers(socket, backend).get("node2").startsWith("UP"), HaproxyStats.servers(socket, backend).toString());
        // Listen over remote JMX for the state change the agent must announce.
        List<AttributeChangeNotification> seen = new CopyOnWriteArrayList<>();
        JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL((String) node2.get("jmxUrl")), Map.of(
                JMXConnector.CREDENTIALS, new String[]{creds.getProperty("jmxUser"), creds.getProperty("jmxPassword")}));
        jmx.getMBeanServerConnection().addNotificationListener(new ObjectName("galera:type=Node"),
                (n, handback) -> {
                    if (n instanceof AttributeChangeNotification a) {
                        seen.add(a);
                    }
                }, null, null);
        long start = System.nanoTime();
        Lab.ok("desync", "2", "on");
        try {
            String reason = Lab.await(Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
                try {
                    var r = Http.get((String) node2.get("healthUrl"), null);
                    return r.statusCode() == 503 ? r.body() : null;
                } catch (Exception e) {
                    return null;
                }
            });
            assertTrue(reason != null && reason.contains("wsrep_desync=ON"), "health: " + reason);
            long healthMs = (System.nanoTime() - start) / 1_000_000;
            String down = HaproxyStats.await(socket, backend, "node2", "DOWN", Duration.ofSeconds(15));
            assertTrue(down != null, "HAProxy never marked node2 DOWN");
            System.out.printf("desync: /health 503 after %d ms, HAProxy DOWN after %d ms%n", healthMs,
                    (System.nanoTime() - start) / 1_000_000);
            Object notified = Lab.await(Duration.ofSeconds(10), Duration.ofMillis(100), () -> seen.stream()
                    .filter(a -> a.getAttributeName().equals("Available") && Boolean.FALSE.equals(a.getNewValue()))
                    .findFirst().orElse(null));
            assertTrue(notified != null, "no AttributeChangeNotification for Available: " + seen);
            assertTrue(seen.stream().anyMatch(a -> a.getAttributeName().equals("LocalStateComment")
                    && "Donor/Desynced".equals(a.getNewValue())), "no LocalStateComment notification: " + seen);
        } finally {
            Lab.ok("desync", "2", "off");
            jmx.close();
        }
        String up = HaproxyStats.await(socket, backend, "node2", "UP", Duration.ofSeconds(20));
        assertTrue(up != null, "HAProxy did not mark node2 UP again");
    }

    @Test
    void restartingTheAgentNeverTakesTheDatabaseDown() throws Exception {
        Map<String, Object> node1 = Lab.node(1);
        Number mariadbd = (Number) node1.get("mariadbdPid");
        // No pid namespace per node: match this node's own agent by its config file. The [g] keeps the
        // pattern from matching the command lines that carry it.
        String agent = "[g]alera-agent.jar --config " + node1.get("agentConfig");
        Lab.Result before = Lab.ok("exec", "1", "--", "pgrep", "-f", agent);
        Lab.ok("exec", "1", "--", "pkill", "-f", agent);
        // Longer than the Promoted monitor interval (10 s): Pacemaker must have looked at least once.
        Thread.sleep(15_000);
        Map<String, Object> after = Lab.node(1);
        assertEquals(mariadbd, after.get("mariadbdPid"), "mariadbd was restarted: " + after);
        assertEquals("Synced", after.get("wsrepState"), after.toString());
        assertEquals("Promoted", after.get("pacemakerRole"), after.toString());
        assertEquals(true, after.get("agentUp"), "the agent did not come back: " + after);
        String agentPid = Lab.ok("exec", "1", "--", "pgrep", "-f", agent).output().strip();
        assertTrue(!agentPid.equals(before.output().strip()), "the agent was not restarted");
    }

    @Test
    void securedEndpointOnTheLabRefusesWhatItMust() throws Exception {
        Map<String, Object> node1 = Lab.node(1);
        String url = (String) node1.get("jolokiaUrl");
        assertEquals(401, Http.get(url + "/read/galera:type=Node/Ready", null).statusCode());
        assertEquals(403, Http.jolokiaStatus(Http.get(url + "/read/java.lang:type=Runtime/Name", auth()).body()));
        String heap = "/tmp/galera-lab-attack-" + System.nanoTime() + ".hprof";
        String dump = Http.post(url, auth(), "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"" + heap + "\",true]}").body();
        assertEquals(403, Http.jolokiaStatus(dump), dump);
        var bypass = Http.post(url + "/config", null, "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"" + heap + "\",true]}");
        assertEquals(401, bypass.statusCode(), bypass.body());
        // The agent runs in node1's mount namespace, so look for the file there too.
        Lab.Result ls = Lab.run("exec", "1", "--", "ls", heap);
        assertFalse(ls.exit() == 0, "dumpHeap created " + heap + " in node1");
        assertFalse(java.nio.file.Files.exists(Path.of(heap)));
        assertTrue(Objects.requireNonNull(node1.get("agentUp")).equals(true));
    }
}
