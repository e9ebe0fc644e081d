package galera.agent.haproxy;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static galera.agent.support.Http.basic;
import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustercheck drop-in (haproxy/clustercheck), run for real with bash and curl against a real in-process
 * agent whose database is down. The Synced, read-only and donor answers are checked on the lab
 * (HaproxyLabIT), where a real Galera node is in those states.
 */
class ClustercheckTest {
    /** Percona's exchange for each answer: status line, the three headers in its order, the body with CRLF. */
    static String percona(int code, String text) {
        String body = "Percona XtraDB Cluster Node is " + text + "\r\n";
        return "HTTP/1.1 " + (code == 200 ? "200 OK" : "503 Service Unavailable") + "\r\n"
                + "Content-Type: text/plain\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static final String SCRIPT = Path.of("haproxy/clustercheck").toAbsolutePath().toString();

    @TempDir
    static Path dir;
    static InProcessAgent agent;
    static Path curlConf;
    static Path sysconfig;
    static Path disabled;
    static Path errFile;

    @BeforeAll
    static void start() throws Exception {
        agent = new InProcessAgent(dir, "");
        curlConf = dir.resolve("clustercheck-curl.conf");
        Files.writeString(curlConf, "user = \"" + USER + ":" + PASSWORD + "\"\n");
        Files.setPosixFilePermissions(curlConf, PosixFilePermissions.fromString("rw-------"));
        sysconfig = dir.resolve("sysconfig-clustercheck");
        disabled = dir.resolve("clustercheck.disabled");
        errFile = dir.resolve("clustercheck.err");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @BeforeEach
    void defaults() throws Exception {
        writeSysconfig(agent.jolokiaUrl(), curlConf);
        Files.deleteIfExists(disabled);
        Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/ready", basic(USER, PASSWORD));
    }

    static void writeSysconfig(String url, Path conf) throws IOException {
        Files.writeString(sysconfig, "GALERA_AGENT_URL=" + url + "\nGALERA_AGENT_CURL_CONFIG=\"" + conf + "\"\n"
                + "ERR_FILE=" + errFile + "\nMYSQL_PASSWORD='ignored'\n");
    }

    record Run(int exit, String out) {
    }

    static Run run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("CLUSTERCHECK_SYSCONFIG", sysconfig.toString(),
                "CLUSTERCHECK_DISABLED_FILE", disabled.toString()));
        pb.redirectErrorStream(false);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    static final String HAPROXY_REQUEST = "OPTIONS / HTTP/1.0\r\n\r\n";

    @Test
    void aNodeWhoseDatabaseIsDownIsNotSynced() throws Exception {
        Run r = run(HAPROXY_REQUEST);
        assertEquals(percona(503, "not synced."), r.out());
        assertEquals(1, r.exit());
    }

    @Test
    void theDisabledFileWinsAndNeedsNoAgent() throws Exception {
        Files.writeString(disabled, "");
        writeSysconfig("http://127.0.0.1:1/jolokia", curlConf);
        Run r = run(HAPROXY_REQUEST);
        assertEquals(percona(503, "manually disabled."), r.out());
        assertEquals(1, r.exit());
    }

    @Test
    void anOperatorsMaintIsManuallyDisabled() throws Exception {
        Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/maint/test", basic(USER, PASSWORD));
        assertEquals(percona(503, "manually disabled."), run(HAPROXY_REQUEST).out());
    }

    @Test
    void anAgentThatDoesNotAnswerGivesAClear503() throws Exception {
        writeSysconfig("http://127.0.0.1:" + InProcessAgent.freePort() + "/jolokia", curlConf);
        Run r = run(HAPROXY_REQUEST);
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("HTTP/1.1 503 Service Unavailable\r\n"), r.out());
        assertTrue(r.out().contains("\r\nX-Galera-Agent-Error: galera-agent did not answer (curl exit 7"), r.out());
        assertTrue(r.out().endsWith("\r\n\r\nPercona XtraDB Cluster Node is not synced.\r\n"), r.out());
        assertTrue(Files.readString(errFile).contains("did not answer"));
    }

    @Test
    void wrongCredentialsGiveA503AndNeverA200() throws Exception {
        Path wrong = dir.resolve("wrong.conf");
        Files.writeString(wrong, "user = \"" + USER + ":not-the-password\"\n");
        writeSysconfig(agent.jolokiaUrl(), wrong);
        Run r = run(HAPROXY_REQUEST);
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("X-Galera-Agent-Error: galera-agent refused"), r.out());
    }

    @Test
    void theSysconfigIsReadNeverExecuted() throws Exception {
        Path marker = dir.resolve("pwned");
        Files.writeString(sysconfig, "GALERA_AGENT_URL=" + agent.jolokiaUrl() + "\nGALERA_AGENT_CURL_CONFIG=" + curlConf
                + "\nAVAILABLE_WHEN_DONOR=$(touch " + marker + ")\ntouch " + marker + "\n");
        run(HAPROXY_REQUEST);
        assertFalse(Files.exists(marker), "the sysconfig file was executed");
    }

    @Test
    void theSameHttpExchangeOverASocket() throws Exception {
        int port = InProcessAgent.freePort();
        // systemd's own per-connection launcher, as clustercheck.socket (Accept=yes) runs it: the accepted socket
        // is the script's stdin and stdout. (A relay such as socat's EXEC can drop the answer of a script that
        // exits 1: it sees the child's exit before it has copied the output.)
        ProcessBuilder pb = new ProcessBuilder("systemd-socket-activate", "-l", "127.0.0.1:" + port, "-a", "--inetd",
                "-E", "CLUSTERCHECK_SYSCONFIG=" + sysconfig, "-E", "CLUSTERCHECK_DISABLED_FILE=" + disabled, SCRIPT);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process socat = pb.start();
        try {
            String answer = null;
            for (int i = 0; i < 50 && answer == null; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(10_000);
                    OutputStream out = s.getOutputStream();
                    out.write(HAPROXY_REQUEST.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    InputStream in = s.getInputStream();
                    answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                } catch (java.net.ConnectException e) {
                    Thread.sleep(100);
                }
            }
            assertEquals(percona(503, "not synced."), answer);
            // And through a real HTTP client, as an operator's curl or a monitoring system would ask.
            var response = Http.get("http://127.0.0.1:" + port + "/", null);
            assertEquals(503, response.statusCode());
            assertEquals("Percona XtraDB Cluster Node is not synced.\r\n", response.body());
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void helpPrintsPerconasUsage() throws Exception {
        Run r = run("", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("<user> <pass> <available_when_donor=0|1> <log_file> <available_when_readonly=0|1> <defaults_extra_file>"));
    }
}
