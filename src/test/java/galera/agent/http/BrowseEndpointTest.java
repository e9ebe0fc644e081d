package galera.agent.http;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static galera.agent.support.Http.basic;
import static galera.agent.support.Http.jolokiaStatus;
import static galera.agent.support.InProcessAgent.PASSWORD;
import static galera.agent.support.InProcessAgent.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional browsing endpoint for a console such as Hawtio, with the shipped jmx/jolokia-browse.xml: its own
 * user, list and search and reads of our MBeans, and nothing that runs or changes anything.
 */
class BrowseEndpointTest {
    static final String CONSOLE = "console";
    static final String CONSOLE_PASSWORD = "browse-Pa55word";

    @TempDir
    static Path dir;
    static InProcessAgent agent;
    static String url;
    static final String auth = basic(CONSOLE, CONSOLE_PASSWORD);

    @BeforeAll
    static void start() throws Exception {
        int port = InProcessAgent.freePort();
        agent = new InProcessAgent(dir, "browsePort=" + port + "\nbrowseUser=" + CONSOLE + "\nbrowsePolicy="
                + Path.of("jmx/jolokia-browse.xml").toAbsolutePath(), "browsePassword=" + CONSOLE_PASSWORD);
        url = "http://127.0.0.1:" + port + "/jolokia";
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void aConsoleCanListSearchAndReadOurMBeans() throws Exception {
        String list = Http.get(url + "/list/galera", auth).body();
        assertEquals(200, jolokiaStatus(list), list);
        assertTrue(list.contains("type=Election") && list.contains("forceBootstrap"), "the tree shows our MBeans and their operations");
        String search = Http.get(url + "/search/galera:*", auth).body();
        assertEquals(200, jolokiaStatus(search), search);
        assertTrue(search.contains("galera:type=Health"), search);
        String read = Http.get(url + "/read/galera:type=Health/State", auth).body();
        assertEquals(200, jolokiaStatus(read), read);
    }

    @Test
    void itRunsAndChangesNothingAndReadsNoJvmInternals() throws Exception {
        String exec = Http.get(url + "/exec/galera:type=Health/maint/console", auth).body();
        assertEquals(403, jolokiaStatus(exec), exec);
        String force = Http.get(url + "/exec/galera:type=Election/forceBootstrap/test1", auth).body();
        assertEquals(403, jolokiaStatus(force), force);
        assertFalse(Files.exists(dir.resolve("state/health-admin")));
        String runtime = Http.get(url + "/read/java.lang:type=Runtime/SystemProperties", auth).body();
        assertEquals(403, jolokiaStatus(runtime), runtime);
        String write = Http.post(url, auth, "{\"type\":\"write\",\"mbean\":\"galera:type=Health\",\"attribute\":\"State\",\"value\":\"UP\"}").body();
        assertEquals(403, jolokiaStatus(write), write);
    }

    @Test
    void eachEndpointTakesOnlyItsOwnUser() throws Exception {
        assertEquals(401, Http.get(url + "/search/galera:*", basic(USER, PASSWORD)).statusCode());
        assertEquals(401, Http.get(agent.jolokiaUrl() + "/read/galera:type=Node/NodeName", auth).statusCode());
        assertEquals(401, Http.get(url + "/search/galera:*", null).statusCode());
    }

    @Test
    void theMinimalEndpointStillRefusesListAndSearch() throws Exception {
        String list = Http.get(agent.jolokiaUrl() + "/list", basic(USER, PASSWORD)).body();
        assertEquals(403, jolokiaStatus(list), list);
    }
}
