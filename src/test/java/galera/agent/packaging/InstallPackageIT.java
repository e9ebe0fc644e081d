package galera.agent.packaging;

import galera.agent.support.Http;
import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release tarball as an operator uses it: unpack target/galera-agent-&lt;version&gt;.tar.gz, run its
 * bin/install.sh (staged with --destdir), and check what landed where, that a second run keeps edited
 * configuration, and that the installed pieces work: the OCF meta-data is valid, validate-all accepts the
 * installed credentials file, the installed jar runs with the installed config and policy, and the unit file
 * passes systemd-analyze verify. Then bin/uninstall.sh removes the software and keeps config and state.
 */
class InstallPackageIT {
    private static final String VERSION = System.getProperty("galera.agent.version", "");
    private static final Path TARBALL = Path.of(System.getProperty("galera.agent.tarball",
            "target/galera-agent-" + VERSION + ".tar.gz"));
    private static final Path RA_DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    /** Every path install.sh lays out, with its mode. */
    private static final Map<String, String> LAYOUT = Map.ofEntries(
            Map.entry("usr/share/galera-agent/galera-agent.jar", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/galera-agent.jsa", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/jmx/jmxremote.password.template", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/jmx/jmxremote.access.template", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/haproxy", "rwxr-xr-x"),
            Map.entry("usr/share/galera-agent/haproxy/haproxy.cfg", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/haproxy/clustercheck", "rwxr-xr-x"),
            Map.entry("usr/share/galera-agent/haproxy/clustercheck.socket", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/haproxy/clustercheck@.service", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/haproxy/xinetd.clustercheck", "rw-r--r--"),
            Map.entry("usr/share/galera-agent/examples/agent.properties", "rw-r--r--"),
            Map.entry("usr/share/doc/galera-agent/install.md", "rw-r--r--"),
            Map.entry("usr/lib/ocf/resource.d/galera-agent/galera", "rwxr-xr-x"),
            Map.entry("etc/galera-agent", "rwxr-x---"),
            Map.entry("etc/galera-agent/agent.properties", "rw-r-----"),
            Map.entry("etc/galera-agent/secrets.properties", "rw-------"),
            Map.entry("etc/galera-agent/ocf-curl.conf", "rw-------"),
            Map.entry("etc/galera-agent/jolokia-access.xml", "rw-r--r--"),
            Map.entry("etc/galera-agent/jolokia-browse.xml", "rw-r--r--"),
            Map.entry("etc/default/galera-agent", "rw-r--r--"),
            Map.entry("lib/systemd/system/galera-agent.service", "rw-r--r--"),
            Map.entry("var/lib/galera-agent", "rwx--x--x"));

    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    @Test
    void theTarballHasOneTopFolderAndExecutableScripts() throws Exception {
        Run list = run(List.of("tar", "-tzf", TARBALL.toString()), Map.of());
        assertEquals(0, list.exit, list.out);
        String top = "galera-agent-" + VERSION + "/";
        for (String entry : list.out.lines().toList()) {
            assertTrue(entry.startsWith(top), "outside " + top + ": " + entry);
        }
        Path release = unpack();
        for (String script : List.of("bin/install.sh", "bin/uninstall.sh", "ocf/galera")) {
            assertEquals("rwxr-xr-x", mode(release.resolve(script)), script);
        }
        for (String file : List.of("lib/galera-agent.jar", "bin/install-common.sh", "etc/agent.properties", "etc/secrets.properties.example",
                "etc/ocf-curl.conf.example", "jmx/jmxremote.password.template", "jmx/jmxremote.access.template",
                "systemd/galera-agent.service", "systemd/galera-agent.default", "doc/install.md")) {
            assertEquals("rw-r--r--", mode(release.resolve(file)), file);
        }
        assertEquals(Files.readString(Path.of("jmx/jolokia-access.xml")),
                Files.readString(release.resolve("etc/jolokia-access.xml")), "the policy is jmx/jolokia-access.xml");
        assertEquals(-1, Files.mismatch(Path.of("target/galera-agent.jar"), release.resolve("lib/galera-agent.jar")),
                "lib/galera-agent.jar is the shaded target/galera-agent.jar");
    }

    @Test
    void installLaysOutEveryFileAndASecondRunKeepsTheConfiguration() throws Exception {
        Path release = unpack();
        Path root = tmp.resolve("root");
        Run first = install(release, root);
        for (Map.Entry<String, String> e : LAYOUT.entrySet()) {
            Path p = root.resolve(e.getKey());
            assertTrue(Files.exists(p), "missing " + p + "\n" + first.out);
            assertEquals(e.getValue(), mode(p), p.toString());
        }
        assertTrue(first.out.contains("created " + root.resolve("etc/galera-agent/secrets.properties")), first.out);
        assertTrue(first.out.contains("skipped systemctl daemon-reload (--destdir)"), first.out);
        assertTrue(first.out.contains("made " + root.resolve("usr/share/galera-agent/galera-agent.jsa") + " (class archive"),
                first.out);

        Path config = root.resolve("etc/galera-agent/agent.properties");
        Path secrets = root.resolve("etc/galera-agent/secrets.properties");
        Path curl = root.resolve("etc/galera-agent/ocf-curl.conf");
        Path policy = root.resolve("etc/galera-agent/jolokia-access.xml");
        String editedConfig = Files.readString(config).replace("nodeName=node1", "nodeName=db7");
        Files.writeString(config, editedConfig);
        Files.writeString(secrets, "dbPassword=d\njolokiaPassword=j\n");
        Files.writeString(curl, "user = \"operator:j\"\n");
        Files.writeString(policy, "<restrict><!-- widened locally --></restrict>\n");

        Run second = install(release, root);
        for (Path kept : List.of(config, secrets, curl)) {
            assertTrue(second.out.contains("kept existing " + kept), second.out);
        }
        assertEquals(editedConfig, Files.readString(config));
        assertEquals("dbPassword=d\njolokiaPassword=j\n", Files.readString(secrets));
        assertEquals("user = \"operator:j\"\n", Files.readString(curl));
        assertTrue(second.out.contains("unchanged " + root.resolve("usr/share/galera-agent/galera-agent.jar")), second.out);
        assertTrue(second.out.contains("unchanged " + root.resolve("usr/share/galera-agent/galera-agent.jsa")), second.out);
        // The policy is the release's again, and the local one is kept beside it.
        assertEquals(Files.readString(Path.of("jmx/jolokia-access.xml")), Files.readString(policy));
        try (Stream<Path> s = Files.list(policy.getParent())) {
            List<Path> backups = s.filter(p -> p.getFileName().toString().startsWith("jolokia-access.xml.old-")).toList();
            assertEquals(1, backups.size(), second.out);
            assertTrue(Files.readString(backups.get(0)).contains("widened locally"));
        }
        for (Map.Entry<String, String> e : LAYOUT.entrySet()) {
            assertEquals(e.getValue(), mode(root.resolve(e.getKey())), "after the second run: " + e.getKey());
        }
    }

    @Test
    void theInstalledOcfAgentHasValidMetaDataAndAcceptsTheInstalledCredentialsFile() throws Exception {
        assertTrue(Files.isRegularFile(RA_DTD) && onPath("xmllint"), RA_DTD + " and xmllint are needed: "
                + "apt-get install resource-agents libxml2-utils (scripts/test-all does)");
        Path root = tmp.resolve("root");
        install(unpack(), root);
        Path ocf = root.resolve("usr/lib/ocf/resource.d/galera-agent/galera");
        Map<String, String> env = Map.of("OCF_ROOT", "/usr/lib/ocf");
        Run meta = run(List.of(ocf.toString(), "meta-data"), env);
        assertEquals(0, meta.exit, meta.out);
        Path xml = Files.writeString(tmp.resolve("meta-data.xml"), meta.out);
        Run valid = run(List.of("xmllint", "--noout", "--dtdvalid", RA_DTD.toString(), xml.toString()), Map.of());
        assertEquals(0, valid.exit, "meta-data does not validate against ra-api-1.dtd:\n" + valid.out);

        Map<String, String> validate = new HashMap<>(env);
        validate.put("OCF_RESKEY_agent_config", root.resolve("etc/galera-agent/agent.properties").toString());
        validate.put("OCF_RESKEY_credentials_file", root.resolve("etc/galera-agent/ocf-curl.conf").toString());
        Run ok = run(List.of(ocf.toString(), "validate-all"), validate);
        assertEquals(0, ok.exit, "validate-all with the installed files:\n" + ok.out);
        Files.setPosixFilePermissions(root.resolve("etc/galera-agent/ocf-curl.conf"), PosixFilePermissions.fromString("rw-r--r--"));
        Run perm = run(List.of(ocf.toString(), "validate-all"), validate);
        assertEquals(4, perm.exit, "a world-readable credentials file is OCF_ERR_PERM:\n" + perm.out);
    }

    @Test
    void theInstalledJarRunsWithTheInstalledConfigurationAndPolicy() throws Exception {
        Path root = tmp.resolve("root");
        install(unpack(), root);
        Path jar = root.resolve("usr/share/galera-agent/galera-agent.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            assertEquals("galera.agent.Main", m.getMainAttributes().getValue("Main-Class"));
            assertEquals(VERSION, m.getMainAttributes().getValue("Implementation-Version"));
        }
        Run usage = run(List.of("java", "-jar", jar.toString()), Map.of());
        assertEquals(2, usage.exit, usage.out);
        assertTrue(usage.out.contains("usage: java -jar galera-agent.jar --config FILE"), usage.out);

        // The shipped agent.properties as installed, with only what must differ on a test machine overridden
        // through the environment: free ports, paths under tmp, no database, no recovery, no mariadbd.
        Path secrets = root.resolve("etc/galera-agent/secrets.properties");
        String password = "Installed-" + System.nanoTime();
        Files.writeString(secrets, Files.readString(secrets).replace("jolokiaPassword=\n", "jolokiaPassword=" + password + "\n"));
        int jolokia = InProcessAgent.freePort();
        int health = InProcessAgent.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("GALERA_AGENT_SECRETS_FILE", secrets.toString());
        env.put("GALERA_AGENT_JOLOKIA_POLICY", root.resolve("etc/galera-agent/jolokia-access.xml").toString());
        env.put("GALERA_AGENT_JOLOKIA_PORT", Integer.toString(jolokia));
        env.put("GALERA_AGENT_HEALTH_PORT", Integer.toString(health));
        env.put("GALERA_AGENT_STATE_DIR", root.resolve("var/lib/galera-agent").toString());
        env.put("GALERA_AGENT_MAINTENANCE_FILE", root.resolve("var/lib/galera-agent/maintenance").toString());
        env.put("GALERA_AGENT_DATADIR", Files.createDirectories(tmp.resolve("data")).toString());
        env.put("GALERA_AGENT_DB_SOCKET", tmp.resolve("no-such.sock").toString());
        env.put("GALERA_AGENT_DEFAULTS_FILE", "");
        env.put("GALERA_AGENT_MARIADBD", "/bin/false");
        env.put("GALERA_AGENT_CLUSTER_NODES", "");
        Path log = tmp.resolve("agent.log");
        // -Xshare:on: the JVM refuses to start unless the installed class archive fits the installed jar.
        ProcessBuilder pb = new ProcessBuilder("java", "-XX:SharedArchiveFile="
                + root.resolve("usr/share/galera-agent/galera-agent.jsa"), "-Xshare:on", "-Xmx64m", "-jar", jar.toString(), "--config",
                root.resolve("etc/galera-agent/agent.properties").toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String body = waitForRead("http://127.0.0.1:" + jolokia + "/jolokia/read/galera:type=Node/NodeName",
                    Http.basic("operator", password), p, log);
            assertEquals(200, Http.jolokiaStatus(body), body);
            assertTrue(body.contains("\"value\":\"node1\""), body);
            assertEquals(503, Http.get("http://127.0.0.1:" + health + "/health", null).statusCode());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("galera-agent " + VERSION + " starting"), output);
        assertFalse(output.contains(password), "the Jolokia password reached the log");
    }

    @Test
    void theUnitKeepsMariadbdAliveAndVerifies() throws Exception {
        Path root = tmp.resolve("root");
        install(unpack(), root);
        Path unit = root.resolve("lib/systemd/system/galera-agent.service");
        List<String> lines = Files.readAllLines(unit);
        // mariadbd lives in the agent's cgroup and mount namespace (docs/install.md).
        for (String required : List.of("KillMode=process", "PrivateTmp=no", "PrivateDevices=no", "OOMPolicy=continue",
                "SuccessExitStatus=143", "Before=pacemaker.service")) {
            assertTrue(lines.contains(required), unit + " lacks " + required);
        }
        String exec = lines.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(exec.startsWith("ExecStart=/usr/bin/java -XX:SharedArchiveFile=/usr/share/galera-agent/galera-agent.jsa"
                + " -Xshare:auto $JAVA_OPTS -jar /usr/share/galera-agent/galera-agent.jar"), exec);
        assertTrue(exec.endsWith("--config /etc/galera-agent/agent.properties"), exec);
        List<String> words = List.of(exec.split(" "));
        assertTrue(Files.isRegularFile(root.resolve(words.get(words.indexOf("-jar") + 1).substring(1))),
                "ExecStart names the installed jar");
        assertTrue(Files.isRegularFile(root.resolve(words.get(1).substring("-XX:SharedArchiveFile=/".length()))),
                "ExecStart names the installed class archive");

        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
        // verify exits 0 even for an unknown key or an unparsable value: what it says about the unit counts too.
        Run verify = run(List.of("systemd-analyze", "verify", unit.toString()), Map.of());
        assertEquals(0, verify.exit, verify.out);
        List<String> aboutUs = verify.out.lines().filter(l -> l.contains("galera-agent")).toList();
        assertEquals(List.of(), aboutUs, "systemd-analyze verify " + unit);
    }

    @Test
    void uninstallRemovesTheSoftwareAndKeepsConfigurationAndState() throws Exception {
        Path release = unpack();
        Path root = tmp.resolve("root");
        install(release, root);
        Path audit = Files.writeString(root.resolve("var/lib/galera-agent/audit.log"), "{\"what\":\"bootstrap\"}\n");
        Path config = root.resolve("etc/galera-agent/agent.properties");
        String before = Files.readString(config);

        Run un = run(List.of(release.resolve("bin/uninstall.sh").toString(), "--destdir", root.toString()), Map.of());
        assertEquals(0, un.exit, un.out);
        for (String gone : List.of("usr/share/galera-agent", "usr/share/doc/galera-agent",
                "usr/lib/ocf/resource.d/galera-agent", "lib/systemd/system/galera-agent.service")) {
            assertFalse(Files.exists(root.resolve(gone)), gone + " is still there:\n" + un.out);
        }
        for (String kept : List.of("etc/galera-agent/agent.properties", "etc/galera-agent/secrets.properties",
                "etc/galera-agent/ocf-curl.conf", "etc/galera-agent/jolokia-access.xml", "etc/default/galera-agent")) {
            assertTrue(Files.isRegularFile(root.resolve(kept)), kept + " was removed:\n" + un.out);
        }
        assertEquals(before, Files.readString(config));
        assertEquals("{\"what\":\"bootstrap\"}\n", Files.readString(audit));
        assertTrue(un.out.contains("kept " + root.resolve("var/lib/galera-agent")), un.out);

        Run again = run(List.of(release.resolve("bin/uninstall.sh").toString(), "--destdir", root.toString()), Map.of());
        assertEquals(0, again.exit, "uninstall is idempotent:\n" + again.out);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private Path unpack() throws Exception {
        assertTrue(Files.isRegularFile(TARBALL), "run `mvn package` first: " + TARBALL.toAbsolutePath());
        Path into = Files.createDirectories(tmp.resolve("unpacked"));
        Run tar = run(List.of("tar", "-xzf", TARBALL.toAbsolutePath().toString(), "-C", into.toString()), Map.of());
        assertEquals(0, tar.exit, tar.out);
        Path release = into.resolve("galera-agent-" + VERSION);
        assertTrue(Files.isDirectory(release), "no galera-agent-" + VERSION + "/ in " + TARBALL);
        return release;
    }

    private Run install(Path release, Path root) throws Exception {
        Run r = run(List.of(release.resolve("bin/install.sh").toString(), "--destdir", root.toString()), Map.of());
        assertEquals(0, r.exit, "install.sh failed:\n" + r.out);
        return r;
    }

    private static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running: " + cmd);
        return new Run(p.exitValue(), out);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String waitForRead(String url, String auth, Process agent, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!agent.isAlive()) {
                throw new AssertionError("the installed agent exited " + agent.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                return Http.get(url, auth).body();
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the installed agent did not answer on " + url + ":\n" + Files.readString(log));
    }
}
