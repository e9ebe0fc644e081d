package galera.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example configuration the release installs as /etc/galera-agent/agent.properties (etc/ in the repository)
 * names only real keys, points at the installed paths, and loads; the secrets example holds only secrets.
 */
class ShippedConfigTest {
    private static final Path AGENT = Path.of("etc/agent.properties");
    private static final Path SECRETS = Path.of("etc/secrets.properties.example");
    /** A commented-out setting such as {@code #jmxPort=9999}: it must name a real key too. */
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^#\\s*([A-Za-z]+)=.*$");

    @TempDir
    Path dir;

    @Test
    void everyKeyItSetsIsARealNonSecretKey() throws IOException {
        Properties props = load(AGENT);
        assertTrue(props.size() >= 20, "the example should show most keys, has " + props.stringPropertyNames());
        for (String name : props.stringPropertyNames()) {
            ConfigKey key = ConfigKey.byKey(name).orElse(null);
            assertTrue(key != null, AGENT + ": '" + name + "' is not a key of ConfigKey");
            assertTrue(!key.secret(), AGENT + ": secret '" + name + "' belongs in secretsFile");
        }
        for (String line : Files.readAllLines(AGENT)) {
            Matcher m = COMMENTED_SETTING.matcher(line);
            if (m.matches()) {
                assertTrue(ConfigKey.byKey(m.group(1)).isPresent(), AGENT + ": commented '" + line + "' names no key");
            }
        }
    }

    @Test
    void itPointsAtTheInstalledPaths() throws IOException {
        Properties props = load(AGENT);
        assertEquals("/etc/galera-agent/secrets.properties", props.getProperty("secretsFile"));
        assertEquals("/var/lib/galera-agent", props.getProperty("stateDir"));
        assertEquals("/etc/galera-agent/jolokia-access.xml", props.getProperty("jolokiaPolicy"));
        assertEquals("/etc/galera-agent/jmxremote.password", props.getProperty("jmxPasswordFile"));
        assertEquals("/etc/galera-agent/jmxremote.access", props.getProperty("jmxAccessFile"));
        assertEquals("/var/lib/galera-agent/maintenance", props.getProperty("maintenanceFile"));
        // Loopback unless the operator decides otherwise (docs/architecture.md, security defaults).
        assertEquals("127.0.0.1", props.getProperty("jolokiaHost"));
        assertEquals("0", props.getProperty("jmxPort"));
    }

    @Test
    void itLoadsOnceTheSecretsAreFilledIn() throws IOException {
        Properties secrets = load(SECRETS);
        List<String> names = new ArrayList<>(secrets.stringPropertyNames());
        names.sort(null);
        assertEquals(List.of("dbPassword", "jolokiaPassword"), names);
        for (String name : names) {
            assertTrue(ConfigKey.byKey(name).orElseThrow().secret(), name);
            assertEquals("", secrets.getProperty(name), SECRETS + " must ship no password: " + name);
        }

        Path filled = dir.resolve("secrets.properties");
        Files.writeString(filled, Files.readString(SECRETS)
                .replace("dbPassword=\n", "dbPassword=db-Pa55\n")
                .replace("jolokiaPassword=\n", "jolokiaPassword=jolokia-Pa55\n"));
        Files.setPosixFilePermissions(filled, PosixFilePermissions.fromString("rw-------"));
        AgentConfig config = new ConfigLoader(Map.of("GALERA_AGENT_SECRETS_FILE", filled.toString())).load(AGENT);
        assertEquals("node1", config.nodeName());
        assertEquals(List.of("node1", "node2", "node3"), config.clusterNodes());
        assertEquals("jolokia-Pa55", config.jolokiaPassword());
        assertEquals("operator", config.jolokiaUser());
    }

    @Test
    void asShippedTheSecretsExampleStopsTheAgentWithAMessage() throws IOException {
        Path copy = dir.resolve("secrets.properties");
        Files.copy(SECRETS, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of("GALERA_AGENT_SECRETS_FILE", copy.toString())).load(AGENT));
        assertTrue(e.getMessage().contains("jolokiaPassword is required"), e.getMessage());
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        }
        return props;
    }
}
