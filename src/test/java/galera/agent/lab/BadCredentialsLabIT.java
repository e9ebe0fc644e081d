package galera.agent.lab;

import galera.agent.support.CapturedLog;
import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong database credentials against a real mariadbd (a lab node): the agent says so in one clear line on
 * /health and in its log, keeps running, and never logs the password it tried.
 */
class BadCredentialsLabIT {
    @TempDir
    Path dir;

    @Test
    void wrongDatabaseCredentialsGiveAClearReasonAndTheAgentKeepsRunning() throws Exception {
        Map<String, Object> node1 = Lab.node(1);
        String host = ((String) node1.get("sqlAddress")).split(":")[0];
        try (CapturedLog log = new CapturedLog();
             InProcessAgent agent = new InProcessAgent(dir, "dbHost=" + host + "\ndbPort=3306\nclusterNodes=")) {
            String body = Lab.await(Duration.ofSeconds(20), Duration.ofMillis(200), () -> {
                try {
                    HttpResponse<String> r = Http.get(agent.healthUrl(), null);
                    return r.body().contains("Access denied") ? r.statusCode() + " " + r.body() : null;
                } catch (Exception e) {
                    return null;
                }
            });
            assertNotNull(body, "no 'Access denied' reason on /health; now " + Http.get(agent.healthUrl(), null).body());
            assertTrue(body.startsWith("503 "), body);
            assertTrue(body.contains("\"rule\":\"unreachable\""), body);
            assertFalse(log.text().contains(InProcessAgent.DB_PASSWORD), "the password reached the log");
            assertEquals(503, Http.get(agent.healthUrl(), null).statusCode(), "still answering");
        }
    }
}
