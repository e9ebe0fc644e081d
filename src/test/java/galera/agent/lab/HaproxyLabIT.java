package galera.agent.lab;

import galera.agent.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy follows each node state, read from its own stats socket, with the shipped haproxy/haproxy.cfg
 * (HTTP check on /health plus the agent-check): desync, read_only, an operator's drain and maint, a joiner
 * and donor during a real mariabackup SST, IST after a single node's power cut, and a partitioned
 * (non-Primary) node. And the clustercheck drop-in answers like Percona's for the same states.
 *
 * <p>The bound for each change (10 s) is a generous ceiling, not a timing goal: with {@code inter 500ms fall 2}
 * HAProxy follows in about 1 s, and docs/benchmarks.md measures it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaproxyLabIT {
    static final Duration FOLLOW = Duration.ofSeconds(10);
    static Properties creds;
    static Path socket;
    static final String WRITER = "galera";
    static final String READER = "galera_read";

    @BeforeAll
    static void lab() throws Exception {
        Map<String, Object> status = Lab.status();
        creds = Lab.credentials();
        socket = Path.of((String) ((Map<?, ?>) status.get("haproxy")).get("statsSocket"));
        for (int n = 1; n <= 3; n++) {
            assertNotNull(HaproxyStats.await(socket, READER, "node" + n, "UP", Duration.ofSeconds(60)),
                    "node" + n + " UP in HAProxy before the test: " + HaproxyStats.servers(socket, READER));
        }
    }

    @AfterEach
    void restore() throws Exception {
        for (int n = 1; n <= 3; n++) {
            try {
                health(n, "ready");
            } catch (Exception | AssertionError e) {
                // a node that is down has no agent answering; the next test waits for it
            }
        }
    }

    static String auth() {
        return Http.basic(creds.getProperty("jolokiaUser"), creds.getProperty("jolokiaPassword"));
    }

    static String health(int n, String opAndArgs) throws Exception {
        String body = Http.get(Lab.node(n).get("jolokiaUrl") + "/exec/galera:type=Health/" + opAndArgs, auth()).body();
        assertTrue(body.contains("\"status\":200"), body);
        return body;
    }

    static String await(String backend, int n, String prefix) throws InterruptedException {
        return HaproxyStats.await(socket, backend, "node" + n, prefix, FOLLOW);
    }

    /**
     * A drained server shows as NOLB when the 404 of /health (http-check disable-on-404) is seen first, and as
     * "DRAIN (agent)" when the agent-check's "drain" is: both mean no new connections.
     */
    static boolean drained(String haproxyStatus) {
        return haproxyStatus != null && (haproxyStatus.startsWith("DRAIN") || haproxyStatus.startsWith("NOLB"));
    }

    static void assertFollows(String backend, int n, String prefix, String what) throws Exception {
        if (prefix.equals("DRAIN")) {
            String seen = HaproxyStats.await(socket, backend, "node" + n, HaproxyLabIT::drained, FOLLOW);
            assertNotNull(seen, what + ": HAProxy " + backend + "/node" + n + " never drained; now "
                    + HaproxyStats.servers(socket, backend));
            return;
        }
        String seen = await(backend, n, prefix);
        assertNotNull(seen, what + ": HAProxy " + backend + "/node" + n + " never became " + prefix + "; now "
                + HaproxyStats.servers(socket, backend));
    }

    /** The node the writer backend sends a new connection to. */
    static String writerHost() throws Exception {
        String url = "jdbc:mariadb://127.0.0.1:3307/?sslMode=disable&connectTimeout=3000";
        try (Connection c = DriverManager.getConnection(url, creds.getProperty("sqlUser"), creds.getProperty("sqlPassword"));
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@hostname")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    @Order(1)
    void desyncIsDownInBothBackends() throws Exception {
        Lab.ok("desync", "2", "on");
        try {
            assertFollows(READER, 2, "DOWN", "desync on");
            assertFollows(WRITER, 2, "DOWN", "desync on");
        } finally {
            Lab.ok("desync", "2", "off");
        }
        assertFollows(READER, 2, "UP", "desync off");
    }

    @Test
    @Order(2)
    void readOnlyIsDownWhenTheLabSaysAvailableWhenReadOnlyFalse() throws Exception {
        Lab.ok("sql", "3", "SET GLOBAL read_only=ON");
        try {
            assertFollows(READER, 3, "DOWN", "read_only=ON");
            HttpResponse<String> h = Http.get((String) Lab.node(3).get("healthUrl"), null);
            assertTrue(h.body().contains("\"rule\":\"read-only\""), h.body());
        } finally {
            Lab.ok("sql", "3", "SET GLOBAL read_only=OFF");
        }
        assertFollows(READER, 3, "UP", "read_only=OFF");
    }

    @Test
    @Order(3)
    void drainMovesTheWriterToABackupAndReadyBringsItBack() throws Exception {
        assertEquals("node1", writerHost());
        String answer = health(1, "drain/HaproxyLabIT");
        assertTrue(answer.contains("HAProxy is now told DRAIN"), answer);
        assertFollows(WRITER, 1, "DRAIN", "drain");
        assertFollows(READER, 1, "DRAIN", "drain");
        assertEquals("node2", writerHost(), "a drained writer gets no new connection; the first backup does");
        health(1, "ready");
        assertFollows(WRITER, 1, "UP", "ready");
        assertEquals("node1", writerHost());
    }

    @Test
    @Order(4)
    void maintTakesTheNodeOutAndReadyBringsItBack() throws Exception {
        health(3, "maint/HaproxyLabIT");
        assertFollows(READER, 3, "MAINT", "maint");
        assertFollows(WRITER, 3, "MAINT", "maint");
        health(3, "ready");
        assertFollows(READER, 3, "UP", "ready after maint");
    }

    @Test
    @Order(5)
    void clustercheckDropInAnswersLikePerconasForTheSameStates() throws Exception {
        String synced = ClustercheckRun.percona(200, "synced.");
        assertEquals(synced, ClustercheckRun.run(2, "x", "y", "0", "/dev/null", "0"));
        assertEquals(synced, ClustercheckRun.run(2));
        Lab.ok("sql", "2", "SET GLOBAL read_only=ON");
        try {
            Lab.await(Duration.ofSeconds(5), Duration.ofMillis(100), () -> "read-only".equals(rule(2)) ? "" : null);
            assertEquals(ClustercheckRun.percona(503, "read-only."), ClustercheckRun.run(2, "u", "p", "0", "/dev/null", "0"));
            // Percona's default available_when_readonly=1: a read-only Synced node is available.
            assertEquals(synced, ClustercheckRun.run(2));
        } finally {
            Lab.ok("sql", "2", "SET GLOBAL read_only=OFF");
        }
        Path disabled = Files.createTempFile("clustercheck", ".disabled");
        try {
            assertEquals(ClustercheckRun.percona(503, "manually disabled."), ClustercheckRun.runWith(2, disabled));
        } finally {
            Files.delete(disabled);
        }
    }

    static String rule(int n) {
        try {
            String body = Http.get((String) Lab.node(n).get("healthUrl"), null).body();
            int i = body.indexOf("\"rule\":\"");
            return i < 0 ? "" : body.substring(i + 8, body.indexOf('"', i + 8));
        } catch (Exception e) {
            return "unreachable-agent";
        }
    }

    /**
     * A node returns with no grastate.dat (a fresh node), so it needs a full mariabackup SST: HAProxy must show
     * the joiner DOWN and the donor drained, then both UP.
     */
    @Test
    @Order(6)
    void aFullSstShowsTheJoinerDownAndTheDonorDrained() throws Exception {
        Lab.ok("crash", "3");
        assertFollows(READER, 3, "DOWN", "node3 crashed");
        Path data = Path.of((String) Lab.node(3).get("datadir"));
        Path aside = Files.createTempDirectory("haproxy-lab-aside");
        for (String f : new String[]{"grastate.dat", "gvwstate.dat", "galera.cache"}) {
            if (Files.exists(data.resolve(f))) {
                Files.move(data.resolve(f), aside.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Lab.ok("start", "3", "--no-wait");
        Set<String> donorStates = new LinkedHashSet<>();
        Set<String> joinerStates = new LinkedHashSet<>();
        Set<String> donorRules = new LinkedHashSet<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            Map<String, String> servers = HaproxyStats.servers(socket, READER);
            joinerStates.add(servers.get("node3"));
            for (int n = 1; n <= 2; n++) {
                String r = rule(n);
                if (r.equals("donor")) {
                    donorRules.add("node" + n);
                    donorStates.add(servers.get("node" + n));
                }
            }
            if (!donorRules.isEmpty() && servers.get("node3").startsWith("UP") && "synced".equals(rule(3))) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(!donorRules.isEmpty(), "no node was ever a donor: node3 did not need an SST? HAProxy saw node3 as " + joinerStates);
        assertTrue(donorStates.stream().anyMatch(HaproxyLabIT::drained),
                "HAProxy never drained the donor " + donorRules + "; it saw " + donorStates);
        assertTrue(joinerStates.stream().anyMatch(s -> s != null && s.startsWith("DOWN")), "joiner states " + joinerStates);
        assertFollows(READER, 3, "UP", "node3 synced after SST");
        for (String donor : donorRules) {
            assertFollows(READER, Integer.parseInt(donor.substring(4)), "UP", donor + " after SST");
        }
    }

    /** A single node's power cut and reboot: it comes back by IST, DOWN in HAProxy until Synced. */
    @Test
    @Order(7)
    void aRebootedNodeIsDownUntilItsIstIsDone() throws Exception {
        Lab.ok("crash", "2");
        assertFollows(READER, 2, "DOWN", "node2 crashed");
        assertFollows(WRITER, 2, "DOWN", "node2 crashed");
        Lab.ok("sql", "1", "CREATE DATABASE IF NOT EXISTS haproxy_it; CREATE TABLE IF NOT EXISTS haproxy_it.t (id INT PRIMARY KEY); REPLACE INTO haproxy_it.t VALUES (1), (2), (3)");
        Lab.ok("start", "2", "--no-wait");
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            String rule = rule(2);
            String ha = HaproxyStats.servers(socket, READER).get("node2");
            String sample = rule + "/" + ha;
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(sample)) {
                seen.add(sample);
            }
            if ("synced".equals(rule) && ha.startsWith("UP")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(seen.get(seen.size() - 1).startsWith("synced/UP"), "node2 never came back: " + seen);
        // While the agent said anything but synced, HAProxy never had node2 fully UP for long: the first
        // sample where HAProxy says UP comes after the agent said synced.
        int firstUp = -1;
        int firstSynced = -1;
        for (int i = 0; i < seen.size(); i++) {
            if (firstUp < 0 && seen.get(i).contains("/UP") && !seen.get(i).contains("/UP 1/")) {
                firstUp = i;
            }
            if (firstSynced < 0 && seen.get(i).startsWith("synced/")) {
                firstSynced = i;
            }
        }
        assertTrue(firstSynced >= 0 && firstUp >= firstSynced, "HAProxy put node2 UP before it was synced: " + seen);
        System.out.println("HaproxyLabIT reboot timeline (agent rule/HAProxy state): " + seen);
    }

    /** A partitioned node is non-Primary (or stopped by Pacemaker for lost quorum): DOWN, and UP after heal. */
    @Test
    @Order(8)
    void aPartitionedNodeIsDownAndReturnsAfterHeal() throws Exception {
        Lab.ok("partition", "3");
        try {
            assertFollows(READER, 3, "DOWN", "partition");
        } finally {
            Lab.ok("heal", "3");
        }
        assertNotNull(HaproxyStats.await(socket, READER, "node3", "UP", Duration.ofMinutes(3)),
                "node3 back after heal: " + HaproxyStats.servers(socket, READER));
    }

    /** The clustercheck drop-in, run from this host against one lab node's agent, over a real socket. */
    static final class ClustercheckRun {
        static String percona(int code, String text) {
            String body = "Percona XtraDB Cluster Node is " + text + "\r\n";
            return "HTTP/1.1 " + (code == 200 ? "200 OK" : "503 Service Unavailable") + "\r\n"
                    + "Content-Type: text/plain\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        }

        static String run(int n, String... args) throws Exception {
            return runWith(n, Path.of("/nonexistent/clustercheck.disabled"), args);
        }

        static String runWith(int n, Path disabledFile, String... args) throws Exception {
            Path sysconfig = Files.createTempFile("clustercheck", ".sysconfig");
            try {
                Files.writeString(sysconfig, "GALERA_AGENT_URL=" + Lab.node(n).get("jolokiaUrl") + "\n"
                        + "GALERA_AGENT_CURL_CONFIG=/var/lib/galera-lab/node" + n + "/etc-galera-agent/ocf-curl.conf\n");
                List<String> cmd = new ArrayList<>(List.of("bash", Path.of("haproxy/clustercheck").toAbsolutePath().toString()));
                cmd.addAll(List.of(args));
                ProcessBuilder pb = new ProcessBuilder(cmd);
                pb.environment().put("CLUSTERCHECK_SYSCONFIG", sysconfig.toString());
                pb.environment().put("CLUSTERCHECK_DISABLED_FILE", disabledFile.toString());
                Process p = pb.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                String out;
                try (InputStream o = p.getInputStream()) {
                    out = new String(o.readAllBytes(), StandardCharsets.US_ASCII);
                }
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                assertEquals(out.startsWith("HTTP/1.1 200") ? 0 : 1, p.exitValue(), out);
                return out;
            } finally {
                Files.deleteIfExists(sysconfig);
            }
        }
    }
}
