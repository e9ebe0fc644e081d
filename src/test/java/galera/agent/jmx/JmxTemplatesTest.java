package galera.agent.jmx;

import galera.agent.support.InProcessAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped jmx/jmxremote.password.template and jmx/jmxremote.access.template work with the agent's own
 * connector ({@link JmxRemote}) as an operator would use them: copied as they are, nobody can log in; with the
 * placeholders replaced, monitor reads but cannot invoke, and operator invokes.
 */
class JmxTemplatesTest {
    private static final Path PASSWORD_TEMPLATE = Path.of("jmx/jmxremote.password.template");
    private static final Path ACCESS_TEMPLATE = Path.of("jmx/jmxremote.access.template");
    /** A commented placeholder line of the password template: {@code #monitor  REPLACE-WITH-...}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("^#(\\w+)\\s+(REPLACE-WITH-\\S+)\\s*$");

    @TempDir
    Path dir;

    /** What a test MBean in the galera domain offers: one attribute and one operation. */
    public interface ProbeMBean {
        String getName();

        String poke();
    }

    @Test
    void asShippedThePasswordTemplateLetsNobodyIn() throws Exception {
        assertEquals(List.of(), activeLines(PASSWORD_TEMPLATE), "the password template must ship no usable password");
        Path password = ownerOnly(dir.resolve("jmxremote.password"), Files.readString(PASSWORD_TEMPLATE));
        Path access = Files.copy(ACCESS_TEMPLATE, dir.resolve("jmxremote.access"));
        try (Connector c = new Connector(password, access)) {
            for (String user : List.of("monitor", "operator")) {
                assertThrows(SecurityException.class, () -> c.connect(user, "REPLACE-WITH-THE-MONITOR-PASSWORD").close());
            }
        }
    }

    @Test
    void theTemplatesDefineAReadonlyMonitorAndAReadwriteOperator() throws Exception {
        Map<String, String> roles = new TreeMap<>();
        for (String line : activeLines(ACCESS_TEMPLATE)) {
            String[] f = line.split("\\s+");
            assertEquals(2, f.length, "access line: " + line);
            roles.put(f[0], f[1]);
        }
        assertEquals(Map.of("monitor", "readonly", "operator", "readwrite"), roles);

        StringBuilder filled = new StringBuilder();
        List<String> users = new ArrayList<>();
        for (String line : Files.readAllLines(PASSWORD_TEMPLATE)) {
            Matcher m = PLACEHOLDER.matcher(line);
            if (m.matches()) {
                users.add(m.group(1));
                line = m.group(1) + " " + m.group(1) + "-Pa55-" + System.nanoTime();
            }
            filled.append(line).append('\n');
        }
        assertEquals(List.of("monitor", "operator"), users, "placeholder lines in " + PASSWORD_TEMPLATE);
        Path password = ownerOnly(dir.resolve("jmxremote.password"), filled.toString());
        Path access = Files.copy(ACCESS_TEMPLATE, dir.resolve("jmxremote.access"));
        Map<String, String> secrets = new TreeMap<>();
        for (String line : activeLines(password)) {
            String[] f = line.split("\\s+");
            secrets.put(f[0], f[1]);
        }

        try (Connector c = new Connector(password, access)) {
            ObjectName probe = c.probe;
            try (JMXConnector monitor = c.connect("monitor", secrets.get("monitor"))) {
                MBeanServerConnection mbs = monitor.getMBeanServerConnection();
                assertEquals("probe", mbs.getAttribute(probe, "Name"));
                assertThrows(SecurityException.class, () -> mbs.invoke(probe, "poke", new Object[0], new String[0]));
            }
            try (JMXConnector operator = c.connect("operator", secrets.get("operator"))) {
                assertEquals("poked", operator.getMBeanServerConnection().invoke(probe, "poke", new Object[0], new String[0]));
            }
            assertThrows(SecurityException.class, () -> c.connect("operator", secrets.get("monitor")).close());
        }
    }

    private static List<String> activeLines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Path ownerOnly(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The agent's connector on a free loopback port, over a private MBean server holding one probe MBean. */
    private static final class Connector implements AutoCloseable {
        final ObjectName probe = new ObjectName("galera:type=TemplateProbe");
        final JmxRemote remote;
        final JMXServiceURL url;

        Connector(Path password, Path access) throws Exception {
            MBeanServer mbs = MBeanServerFactory.newMBeanServer();
            mbs.registerMBean(new StandardMBean(new ProbeMBean() {
                @Override
                public String getName() { return "probe"; }

                @Override
                public String poke() { return "poked"; }
            }, ProbeMBean.class), probe);
            int port = InProcessAgent.freePort();
            remote = new JmxRemote("127.0.0.1", port, password, access, false, mbs);
            remote.start();
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        }

        JMXConnector connect(String user, String password) throws Exception {
            assertTrue(password != null && !password.isEmpty(), "no password for " + user);
            return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[]{user, password}));
        }

        @Override
        public void close() {
            remote.close();
        }
    }
}
