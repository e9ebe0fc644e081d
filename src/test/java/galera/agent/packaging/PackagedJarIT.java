package galera.agent.packaging;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the packaged target/galera-agent.jar as operators do ({@code java -jar … --config FILE}) and proves that
 * Jolokia's service files survived the shading (a read works), that secrets reach neither argv nor the log, and
 * that SIGTERM stops it cleanly with its last log lines intact.
 */
class PackagedJarIT {
    @TempDir
    Path dir;

    @Test
    void jolokiaReadWorksFromThePackagedJar() throws Exception {
        int jolokia = InProcessAgent.freePort();
        int health = InProcessAgent.freePort();
        String password = "Jar-Secret-" + System.nanoTime();
        String dbPassword = "Db-Secret-" + System.nanoTime();
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "jolokiaPassword=" + password + "\ndbPassword=" + dbPassword + "\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, String.join("\n", "nodeName=jar1", "datadir=" + dir.resolve("data"),
                "dbSocket=" + dir.resolve("none.sock"), "secretsFile=" + secrets, "jolokiaUser=operator",
                "jolokiaPort=" + jolokia, "jolokiaPolicy=" + InProcessAgent.policy(), "healthPort=" + health,
                "stateDir=" + dir.resolve("state"), "maintenanceFile=" + dir.resolve("maint"), ""));
        Path log = dir.resolve("agent.log");
        Path jar = Path.of("target/galera-agent.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "run `mvn package` first: " + jar);
        Process p = new ProcessBuilder("java", "-Xmx64m", "-jar", jar.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String body = waitForRead("http://127.0.0.1:" + jolokia + "/jolokia/read/galera:type=Node/NodeName",
                    Http.basic("operator", password));
            assertEquals(200, Http.jolokiaStatus(body), body);
            assertTrue(body.contains("\"value\":\"jar1\""), body);

            String cmdline = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
            assertFalse(cmdline.contains(password) || cmdline.contains(dbPassword), cmdline);
        } finally {
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("jolokiaPassword = ****"), output);
        assertFalse(output.contains(password), "the Jolokia password reached the log");
        assertFalse(output.contains(dbPassword), "the database password reached the log");
        assertTrue(output.contains("stopped"), "the last log lines were lost:\n" + output);
    }

    private static String waitForRead(String url, String auth) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return Http.get(url, auth).body();
            } catch (java.io.IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw new AssertionError("agent did not answer on " + url, last);
    }
}
