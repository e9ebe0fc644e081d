package galera.agent;

import galera.agent.config.AgentConfig;
import galera.agent.config.ConfigLoader;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The training run for the agent's class-data-sharing archive (AppCDS), which bin/install.sh makes once per
 * installed jar:
 * {@code java -XX:ArchiveClassesAtExit=galera-agent.jsa -cp galera-agent.jar galera.agent.Train}.
 *
 * <p>Why: after a power cut every node boots at once, and the agent's start is on the path to the first Primary
 * Component (it recovers the position the election waits for). On the lab's 2-CPU nodes a JVM start costs about
 * 1.5 s of CPU while corosync, Pacemaker and two other nodes boot beside it; with the archive the JVM maps the
 * classes already parsed and verified instead (docs/benchmarks.md has the numbers).
 *
 * <p>What it does: starts an agent on loopback with a throwaway configuration in a private temporary directory
 * (ephemeral ports, random passwords, a database that is not there, no Pacemaker), makes the requests a
 * recovery makes (an authenticated Jolokia read and operation, the health check, HAProxy's agent-check), loads
 * every class of the agent itself, stops, and deletes the directory. Nothing outside it is read or written, no
 * Pacemaker tool runs, and the real configuration and secrets are never touched. Exit 0, or 1 with the reason.
 */
public final class Train {
    private Train() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Throwable e) { // an Error too: exit, or a thread the agent started would keep the JVM alive
            System.err.println("galera-agent training run failed: " + e);
            System.exit(1);
        }
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("galera-agent-train", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        try {
            train(dir);
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void train(Path dir) throws Exception {
        String password = secret();
        int jolokia = freePort();
        int health = freePort();
        int check = freePort();
        int jmx = freePort();
        Path jmxPasswords = ownerOnly(dir.resolve("jmx.password"), "train " + password + "\n");
        Path jmxAccess = ownerOnly(dir.resolve("jmx.access"), "train readwrite\n");
        Path policy = ownerOnly(dir.resolve("policy.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <restrict>
                  <http><method>post</method></http>
                  <commands/>
                  <allow>
                    <mbean><name>galera:type=Node</name><attribute mode="read">*</attribute></mbean>
                    <mbean><name>galera:type=Health</name><operation>ready</operation></mbean>
                  </allow>
                </restrict>
                """);
        Path config = ownerOnly(dir.resolve("agent.properties"), String.join("\n",
                "nodeName=train",
                "datadir=" + dir.resolve("no-datadir"),
                "mariadbd=/bin/false",
                "dbSocket=" + dir.resolve("no.sock"),
                "dbUser=train",
                "dbConnectTimeoutMs=200",
                "pollIntervalMs=200",
                "stateDir=" + dir.resolve("state"),
                "maintenanceFile=" + dir.resolve("maintenance"),
                "jolokiaHost=127.0.0.1", "jolokiaPort=" + jolokia, "jolokiaUser=train", "jolokiaPolicy=" + policy,
                "browsePort=0",
                "healthHost=127.0.0.1", "healthPort=" + health, "agentCheckPort=" + check,
                "jmxHost=127.0.0.1", "jmxPort=" + jmx, "jmxPasswordFile=" + jmxPasswords, "jmxAccessFile=" + jmxAccess,
                ""));
        AgentConfig c = new ConfigLoader(Map.of("GALERA_AGENT_JOLOKIA_PASSWORD", password,
                "GALERA_AGENT_DB_PASSWORD", password)).load(config);
        try (Agent agent = new Agent(c)) {
            agent.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("train:" + password).getBytes(StandardCharsets.UTF_8));
            String url = "http://127.0.0.1:" + jolokia + "/jolokia/";
            for (String body : new String[] {
                    "{\"type\":\"read\",\"mbean\":\"galera:type=Node\"}",
                    "{\"type\":\"exec\",\"mbean\":\"galera:type=Health\",\"operation\":\"ready\"}"}) {
                http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            }
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            try (Socket s = new Socket("127.0.0.1", check); InputStream in = s.getInputStream()) {
                s.setSoTimeout(10_000);
                in.readAllBytes();
            }
            loadOwnClasses();
        }
    }

    /** Loads (without running) every class of the agent, so that the recovery code is archived too. */
    private static void loadOwnClasses() throws IOException {
        Path jar = Path.of(Train.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (!Files.isRegularFile(jar)) {
            return; // run from classes/, not from the jar: nothing to archive
        }
        ClassLoader loader = Train.class.getClassLoader();
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(jf.entries())) {
                String n = e.getName();
                if (n.startsWith("galera/agent/") && n.endsWith(".class")) {
                    try {
                        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                    } catch (ClassNotFoundException | LinkageError ex) {
                        // not loadable here: simply not archived
                    }
                }
            }
        }
    }

    private static Path ownerOnly(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String secret() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
