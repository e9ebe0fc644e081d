package galera.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path secrets(String text, String mode) throws IOException {
        Path f = dir.resolve("secrets.properties");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private Path config(String extra) throws IOException {
        Path f = dir.resolve("agent.properties");
        Files.writeString(f, "nodeName=node1\ndatadir=/var/lib/mysql\njolokiaUser=operator\n"
                + "secretsFile=" + dir.resolve("secrets.properties") + "\n" + extra);
        return f;
    }

    private AgentConfig load(Map<String, String> env) throws IOException {
        return new ConfigLoader(env).load(dir.resolve("agent.properties"));
    }

    @Test
    void loadsDefaultsAndSecrets() throws IOException {
        secrets("dbPassword=db-s3cret\njolokiaPassword=jol-s3cret\n", "rw-------");
        config("");
        AgentConfig c = load(Map.of());
        assertEquals("node1", c.nodeName());
        assertEquals(500, c.pollIntervalMs());
        assertEquals("127.0.0.1", c.jolokiaHost());
        assertEquals("db-s3cret", c.dbPassword());
        assertEquals("disable", c.sslMode());
        assertFalse(c.availableWhenDonor());
    }

    @Test
    void describeMasksEverySecret() throws IOException {
        secrets("dbPassword=db-s3cret\njolokiaPassword=jol-s3cret\n", "rw-------");
        config("");
        AgentConfig c = load(Map.of());
        String shown = c.describe() + c;
        assertFalse(shown.contains("db-s3cret"), shown);
        assertFalse(shown.contains("jol-s3cret"), shown);
        assertTrue(shown.contains("dbPassword = ****"), shown);
        assertTrue(shown.contains("nodeName = node1"), shown);
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        secrets("dbPassword=x\njolokiaPassword=y\n", "rw-------");
        config("pollIntervalMs=700\n");
        AgentConfig c = load(Map.of("GALERA_AGENT_POLL_INTERVAL_MS", "900", "GALERA_AGENT_DB_PASSWORD", "from-env"));
        assertEquals(900, c.pollIntervalMs());
        assertEquals("from-env", c.dbPassword());
    }

    @Test
    void badValueNamesTheKey() throws IOException {
        secrets("dbPassword=x\njolokiaPassword=y\n", "rw-------");
        config("pollIntervalMs=fast\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().startsWith("pollIntervalMs='fast'"), e.getMessage());
    }

    @Test
    void badPortAndBooleanAndSslMode() throws IOException {
        secrets("dbPassword=x\njolokiaPassword=y\n", "rw-------");
        for (String[] bad : new String[][]{{"jolokiaPort=70000", "jolokiaPort"}, {"availableWhenDonor=yes", "availableWhenDonor"},
                {"sslMode=required", "sslMode"}, {"datadir=relative/path", "datadir"}, {"nodeName=bad name", "nodeName"}}) {
            config(bad[0] + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()), bad[0]);
            assertTrue(e.getMessage().startsWith(bad[1] + "="), e.getMessage());
        }
    }

    @Test
    void unknownKeyIsAnError() throws IOException {
        secrets("dbPassword=x\njolokiaPassword=y\n", "rw-------");
        config("availableWhenDoner=true\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("availableWhenDoner"), e.getMessage());
    }

    @Test
    void secretInTheMainFileIsRefused() throws IOException {
        secrets("jolokiaPassword=y\n", "rw-------");
        config("dbPassword=plain\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("secrets are not accepted"), e.getMessage());
        assertFalse(e.getMessage().contains("plain"), e.getMessage());
    }

    @Test
    void worldReadableSecretsFileIsRefused() throws IOException {
        secrets("dbPassword=x\njolokiaPassword=y\n", "rw-r--r--");
        config("");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void jolokiaWithoutPasswordIsRefused() throws IOException {
        secrets("dbPassword=x\n", "rw-------");
        config("");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().startsWith("jolokiaPassword is required"), e.getMessage());
    }

    @Test
    void missingRequiredKeyAndMissingFile() throws IOException {
        Files.writeString(dir.resolve("agent.properties"), "datadir=/x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().startsWith("nodeName is required"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(dir.resolve("nope.properties")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void envNamesAreUpperSnakeCase() {
        assertEquals("GALERA_AGENT_POLL_INTERVAL_MS", ConfigKey.POLL_INTERVAL_MS.envName());
        assertEquals("GALERA_AGENT_AVAILABLE_WHEN_READ_ONLY", ConfigKey.AVAILABLE_WHEN_READ_ONLY.envName());
    }
}
