package galera.agent.node;

import galera.agent.config.AgentConfig;
import galera.agent.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The status source against a real mariadbd (standalone, no Galera, grant tables skipped) that is down for a
 * while and then comes up: the agent must see it on its first poll after the server answers a real client.
 * HikariCP alone backs off up to 5 s between connection attempts while the database is down, and the polls in
 * that gap reported the server unreachable; during a whole-cluster recovery that gap delayed every joiner.
 */
class JdbcStatusSourceTest {
    private static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");

    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void seesTheServerOnTheFirstPollAfterItAnswers() throws Exception {
        assertTrue(Files.isExecutable(MARIADBD), MARIADBD + " is missing (apt-get install mariadb-server)");
        Path socket = dir.resolve("mysqld.sock");
        try (JdbcStatusSource source = new JdbcStatusSource(config(socket), System::currentTimeMillis)) {
            // Down long enough for HikariCP's adder to reach multi-second backoffs (10 ms doubling: 5.1 s in).
            long downUntil = System.currentTimeMillis() + 7_000;
            while (System.currentTimeMillis() < downUntil) {
                NodeStatus down = source.read();
                assertFalse(down.reachable(), "nothing listens yet");
                assertFalse(down.error().isBlank(), "an unreachable poll says why");
                Thread.sleep(250);
            }

            server = startServer(socket);
            awaitRealClient(socket);

            for (int i = 0; i < 3; i++) {
                NodeStatus up = source.read();
                assertTrue(up.reachable(), "poll " + (i + 1) + " after the server answered: " + up.error());
                assertEquals("Disconnected", up.status().get("wsrep_cluster_status"), "a server without Galera");
            }
        }
    }

    private AgentConfig config(Path socket) throws IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "dbPassword=any-password\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(dir.resolve("data"));
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, String.join("\n",
                "nodeName=test1",
                "datadir=" + dir.resolve("data"),
                "dbSocket=" + socket,
                "dbConnectTimeoutMs=1000",
                "secretsFile=" + secrets,
                "jolokiaPort=0",
                ""));
        return new ConfigLoader(Map.of()).load(file);
    }

    private Process startServer(Path socket) throws IOException {
        Path data = dir.resolve("server-data");
        Files.createDirectories(data);
        return new ProcessBuilder(List.of(MARIADBD.toString(), "--no-defaults", "--user=root",
                "--datadir=" + data, "--socket=" + socket, "--skip-networking", "--skip-grant-tables",
                "--pid-file=" + dir.resolve("mariadbd.pid"), "--log-error=" + dir.resolve("mariadbd.err"),
                "--wsrep-on=OFF", "--innodb-buffer-pool-size=16M"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mariadbd.out").toFile())
                .start();
    }

    /** Waits until the real command-line client runs a query over the socket: the server answers from then on. */
    private void awaitRealClient(Path socket) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                fail("mariadbd exited with " + server.exitValue() + ": " + Files.readString(dir.resolve("mariadbd.err")));
            }
            Process client = new ProcessBuilder("mariadb", "--no-defaults", "-S", socket.toString(), "-N", "-e", "SELECT 1")
                    .redirectErrorStream(true).start();
            if (client.waitFor(10, TimeUnit.SECONDS) && client.exitValue() == 0) {
                return;
            }
            client.destroyForcibly();
            Thread.sleep(100);
        }
        fail("mariadbd did not answer the mariadb client within 120 s");
    }
}
