package galera.agent;

import galera.agent.support.CapturedLog;
import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static galera.agent.support.Http.basic;
import static galera.agent.support.Http.jolokiaStatus;
import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input cases of issue 5 that need a whole agent: each gives a clear answer, the agent keeps running,
 * and nothing is deleted or changed. (A corrupt grastate.dat and a missing datadir: GrastateTest; bad config
 * values: ConfigLoaderTest; the database down: JmxTest; wrong database credentials against a real server:
 * BadCredentialsLabIT.)
 */
class BadInputTest {
    @TempDir
    Path dir;

    final String auth = basic(USER, PASSWORD);

    @Test
    void aMissingPolicyFileDeniesEverythingAndTheAgentRuns() throws Exception {
        try (InProcessAgent agent = new InProcessAgent(dir, "jolokiaPolicy=" + dir.resolve("no-such-policy.xml"))) {
            String read = Http.get(agent.jolokiaUrl() + "/read/galera:type=Node/NodeName", auth).body();
            assertEquals(403, jolokiaStatus(read), read);
            String exec = Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/maint/x", auth).body();
            assertEquals(403, jolokiaStatus(exec), exec);
            assertFalse(Files.exists(dir.resolve("state/health-admin")), "the denied maint changed nothing");
            assertEquals(503, Http.get(agent.healthUrl(), null).statusCode(), "the agent still answers /health");
        }
    }

    @Test
    void aFullDiskForTheAuditLogIsReportedAndTheOperationStillAnswers() throws Exception {
        Files.createDirectories(dir.resolve("state"));
        Files.createSymbolicLink(dir.resolve("state/audit.log"), Path.of("/dev/full"));
        try (InProcessAgent agent = new InProcessAgent(dir, ""); CapturedLog log = new CapturedLog()) {
            String body = Http.get(agent.jolokiaUrl() + "/exec/galera:type=Health/drain/disk-full-test", auth).body();
            assertEquals(200, jolokiaStatus(body), body);
            assertTrue(body.contains("ok: admin state READY -> DRAIN"), body);
            String agentLog = log.text();
            assertTrue(agentLog.contains("audit log " + dir.resolve("state/audit.log") + " could not be written"),
                    "the failed audit write is reported in the agent log");
            assertTrue(agentLog.contains("audit: health.drain by jolokia:operator@127.0.0.1"), "the record itself reaches the agent log");
            assertEquals(503, Http.get(agent.healthUrl(), null).statusCode());
        }
    }

    @Test
    void operatorOperationsWithAWrongConfirmationNameAreRefusedAndMoveNothing() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\n"
                + "uuid:    6f5d9e2e-8c1a-11ee-9a53-7b1c8e2b1f00\nseqno:   42\nsafe_to_bootstrap: 0\n");
        try (InProcessAgent agent = new InProcessAgent(dir, "")) {
            for (String op : List.of("forceBootstrap", "discardStaleState")) {
                String body = Http.get(agent.jolokiaUrl() + "/exec/galera:type=Election/" + op + "/node2", auth).body();
                assertEquals(200, jolokiaStatus(body), body);
                assertTrue(body.contains("\"value\":\"refused: the confirmation 'node2'"), op + ": " + body);
            }
            assertTrue(Files.readString(data.resolve("grastate.dat")).contains("seqno:   42"), "grastate.dat untouched");
            try (Stream<Path> aside = Files.exists(dir.resolve("state/aside")) ? Files.list(dir.resolve("state/aside")) : Stream.empty()) {
                assertEquals(0, aside.count(), "nothing moved aside");
            }
        }
    }
}
