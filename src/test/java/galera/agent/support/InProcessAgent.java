package galera.agent.support;

import galera.agent.Agent;
import galera.agent.config.AgentConfig;
import galera.agent.config.ConfigLoader;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A real agent in this JVM, with real Jolokia, /health and remote JMX, whose database is down (its socket does
 * not exist): the state every agent is in while mariadbd is stopped. Uses the shipped policy jmx/jolokia-access.xml.
 */
public final class InProcessAgent implements AutoCloseable {
    public static final String USER = "operator";
    public static final String PASSWORD = "test-Pa55word";
    public static final String DB_PASSWORD = "db-Secret-77";

    public final Path dir;
    public final Agent agent;
    public final AgentConfig config;
    public final int jolokiaPort;
    public final int healthPort;
    public final int jmxPort;
    public final int agentCheckPort;

    public InProcessAgent(Path dir, String extraConfig) throws Exception {
        this(dir, extraConfig, "");
    }

    /** With extra lines in the root-only secrets file (e.g. browsePassword=...). */
    public InProcessAgent(Path dir, String extraConfig, String extraSecrets) throws Exception {
        this.dir = dir;
        jolokiaPort = freePort();
        healthPort = freePort();
        jmxPort = freePort();
        agentCheckPort = freePort();
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "dbPassword=" + DB_PASSWORD + "\njolokiaPassword=" + PASSWORD + "\n" + extraSecrets + "\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Path jmxPassword = dir.resolve("jmxremote.password");
        Files.writeString(jmxPassword, USER + " " + PASSWORD + "\nmonitor monitor-Pa55\n");
        Files.setPosixFilePermissions(jmxPassword, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("jmxremote.access"), USER + " readwrite\nmonitor readonly\n");
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, String.join("\n",
                "nodeName=test1",
                "datadir=" + dir.resolve("data"),
                "dbSocket=" + dir.resolve("no-such.sock"),
                "dbConnectTimeoutMs=300",
                "secretsFile=" + secrets,
                "jolokiaUser=" + USER,
                "jolokiaPort=" + jolokiaPort,
                "jolokiaPolicy=" + policy(),
                "healthPort=" + healthPort,
                "agentCheckPort=" + agentCheckPort,
                "jmxPort=" + jmxPort,
                "jmxPasswordFile=" + jmxPassword,
                "jmxAccessFile=" + dir.resolve("jmxremote.access"),
                "maintenanceFile=" + dir.resolve("maintenance"),
                "stateDir=" + dir.resolve("state"),
                "clusterNodes=test1,test2,test3",
                extraConfig, ""));
        this.config = new ConfigLoader(Map.of()).load(config);
        agent = new Agent(this.config);
        agent.start();
        agent.poller().pollOnce();
    }

    /** The policy shipped in jmx/, found from the module directory Maven runs tests in. */
    public static Path policy() {
        return Path.of("jmx/jolokia-access.xml").toAbsolutePath();
    }

    public String jolokiaUrl() { return "http://127.0.0.1:" + jolokiaPort + "/jolokia"; }

    public String healthUrl() { return "http://127.0.0.1:" + healthPort + "/health"; }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        agent.close();
    }
}
