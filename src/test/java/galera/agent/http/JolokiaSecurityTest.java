package galera.agent.http;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static galera.agent.support.Http.basic;
import static galera.agent.support.Http.jolokiaStatus;
import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks on the embedded Jolokia of a real agent, with a real HTTP client and the shipped policy. Each must be
 * refused (401, or 403 in the JSON body) and must leave no trace: no file created, nothing executed.
 */
class JolokiaSecurityTest {
    @TempDir
    static Path dir;
    static InProcessAgent agent;
    static String auth = basic(USER, PASSWORD);

    @BeforeAll
    static void start() throws Exception {
        agent = new InProcessAgent(dir, "");
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static String read(String mbeanAndAttribute) throws Exception {
        return Http.get(agent.jolokiaUrl() + "/read/" + mbeanAndAttribute, auth).body();
    }

    private static String post(String json) throws Exception {
        return Http.post(agent.jolokiaUrl(), auth, json).body();
    }

    @Test
    void authenticatedReadOfOurMBeanWorks() throws Exception {
        String body = read("galera:type=Node/DatabaseReachable");
        assertEquals(200, jolokiaStatus(body), body);
        assertTrue(body.contains("\"value\":false"), body);
    }

    @Test
    void noOrWrongCredentialsGet401() throws Exception {
        assertEquals(401, Http.get(agent.jolokiaUrl() + "/read/galera:type=Node/Ready", null).statusCode());
        assertEquals(401, Http.get(agent.jolokiaUrl() + "/read/galera:type=Node/Ready", basic(USER, "wrong")).statusCode());
        assertEquals(401, Http.get(agent.jolokiaUrl() + "/read/galera:type=Node/Ready", basic("root", PASSWORD)).statusCode());
        assertEquals(401, Http.post(agent.jolokiaUrl(), null, "{\"type\":\"read\",\"mbean\":\"galera:type=Node\"}").statusCode());
    }

    @Test
    void configContextBypassIsClosed() throws Exception {
        Path heap = dir.resolve("bypass.hprof");
        String exec = "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                + "\"arguments\":[\"" + heap + "\",true]}";
        String readJavaLang = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\"}";
        for (String body : new String[]{exec, readJavaLang}) {
            HttpResponse<String> r = Http.post(agent.jolokiaUrl() + "/config", null, body);
            assertEquals(401, r.statusCode(), r.body());
            HttpResponse<String> authed = Http.post(agent.jolokiaUrl() + "/config", auth, body);
            assertEquals(405, authed.statusCode(), authed.body());
            assertFalse(authed.body().contains("\"value\""), authed.body());
        }
        assertFalse(Files.exists(heap), "the bypass executed dumpHeap");
    }

    @Test
    void javaLangAndDiagnosticsAreDenied() throws Exception {
        assertEquals(403, jolokiaStatus(read("java.lang:type=Runtime/Name")));
        assertEquals(403, jolokiaStatus(read("java.lang:type=Memory/HeapMemoryUsage")));
        Path heap = dir.resolve("heap.hprof");
        String dump = post("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                + "\"arguments\":[\"" + heap + "\",true]}");
        assertEquals(403, jolokiaStatus(dump), dump);
        assertFalse(Files.exists(heap), "dumpHeap created a file");
        String diag = post("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmSystemProperties\"}");
        assertEquals(403, jolokiaStatus(diag), diag);
        Path jfr = dir.resolve("rec.jfr");
        String flight = post("{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\",\"operation\":\"newRecording\"}");
        assertEquals(403, jolokiaStatus(flight), flight);
        assertFalse(Files.exists(jfr));
    }

    @Test
    void writesListSearchAndUnknownOperationsAreDenied() throws Exception {
        String write = post("{\"type\":\"write\",\"mbean\":\"galera:type=Node\",\"attribute\":\"Ready\",\"value\":true}");
        assertEquals(403, jolokiaStatus(write), write);
        assertEquals(403, jolokiaStatus(Http.get(agent.jolokiaUrl() + "/list", auth).body()));
        assertEquals(403, jolokiaStatus(Http.get(agent.jolokiaUrl() + "/search/*:*", auth).body()));
        String wrongSig = post("{\"type\":\"exec\",\"mbean\":\"galera:type=Position\",\"operation\":\"recoverPosition(java.lang.String)\",\"arguments\":[\"x\"]}");
        assertEquals(403, jolokiaStatus(wrongSig), wrongSig);
        String notOurs = post("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
        assertEquals(403, jolokiaStatus(notOurs), notOurs);
        assertFalse(Files.exists(agent.dir.resolve("state/audit.log")), "a denied operation left an audit record");
    }

    @Test
    void proxyRequestMakesNoOutboundConnection() throws Exception {
        try (ServerSocket trap = new ServerSocket(0)) {
            trap.setSoTimeout(1500);
            String body = post("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Name\","
                    + "\"target\":{\"url\":\"service:jmx:rmi:///jndi/rmi://127.0.0.1:" + trap.getLocalPort() + "/jmxrmi\"}}");
            assertTrue(jolokiaStatus(body) >= 400, body);
            assertThrows(SocketTimeoutException.class, trap::accept, "the agent connected to the proxy target");
        }
    }

    @Test
    void crossOriginBrowserRequestsAreRefused() throws Exception {
        HttpResponse<String> r = Http.post(agent.jolokiaUrl(), auth, "{\"type\":\"read\",\"mbean\":\"galera:type=Node\",\"attribute\":\"Ready\"}",
                "Origin", "http://evil.example");
        assertEquals(403, r.statusCode(), r.body());
        assertFalse(r.body().contains("\"value\""));
    }

    @Test
    void oversizedAndMalformedBodiesAreRefused() throws Exception {
        HttpResponse<String> big = Http.post(agent.jolokiaUrl(), auth, "x".repeat(200_000));
        assertEquals(413, big.statusCode());
        String malformed = post("{\"type\":");
        assertTrue(jolokiaStatus(malformed) >= 400, malformed);
        assertFalse(malformed.contains("\tat "), "a stack trace leaked: " + malformed);
    }

    @Test
    void executedOperationIsAuditedWithThePrincipal() throws Exception {
        String body = post("{\"type\":\"exec\",\"mbean\":\"galera:type=Position\",\"operation\":\"recoverPosition\"}");
        assertEquals(200, jolokiaStatus(body), body);
        String audit = Files.readString(agent.dir.resolve("state/audit.log"));
        assertTrue(audit.contains("\"who\":\"jolokia:operator@127.0.0.1\""), audit);
        assertTrue(audit.contains("\"action\":\"recoverPosition\""), audit);
        Files.delete(agent.dir.resolve("state/audit.log"));
    }
}
