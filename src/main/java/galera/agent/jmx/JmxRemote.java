package galera.agent.jmx;

import galera.agent.config.ConfigKey;
import galera.agent.config.ConfigLoader;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.management.MBeanServer;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.net.ssl.SSLServerSocketFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;

/**
 * An authenticated remote JMX connector for JConsole: the RMI registry and the connector share one port and
 * bind only to {@code jmxHost}, users come from a JMX password file and their rights from an access file (the
 * JDK's own formats), and TLS is an option. Login credentials are deserialised only as String[], the JDK's
 * recommended filter against deserialisation attacks on the RMI login.
 */
public final class JmxRemote implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(JmxRemote.class);

    private final JMXConnectorServer server;
    private final Registry registry;
    private final JMXServiceURL url;
    private final boolean ssl;

    /** Binds server sockets to one address; a record so that RMI sees equal factories and shares the port. */
    record BoundSocketFactory(String host, boolean ssl) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            InetAddress address = InetAddress.getByName(host);
            return ssl ? SSLServerSocketFactory.getDefault().createServerSocket(port, 50, address)
                    : new ServerSocket(port, 50, address);
        }
    }

    public JmxRemote(String host, int port, Path passwordFile, Path accessFile, boolean ssl, MBeanServer mbs)
            throws IOException {
        this.ssl = ssl;
        ConfigLoader.checkOwnerOnly(passwordFile, ConfigKey.JMX_PASSWORD_FILE);
        // Stubs handed to clients carry this host; without it they would name whatever the JVM guesses.
        System.setProperty("java.rmi.server.hostname", host);
        BoundSocketFactory ssf = new BoundSocketFactory(host, ssl);
        SslRMIClientSocketFactory csf = ssl ? new SslRMIClientSocketFactory() : null;
        registry = LocateRegistry.createRegistry(port, csf, ssf);
        Map<String, Object> env = new HashMap<>();
        env.put("jmx.remote.x.password.file", passwordFile.toString());
        env.put("jmx.remote.x.access.file", accessFile.toString());
        // Never rewrite the operator's password file (the JDK would replace clear passwords by hashes).
        env.put("jmx.remote.x.password.toHashes", "false");
        env.put("jmx.remote.rmi.server.credentials.filter.pattern", "java.lang.String;java.lang.String[];!*");
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, ssf);
        if (csf != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, csf);
            env.put("com.sun.jndi.rmi.factory.socket", csf);
        }
        url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi");
        server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, mbs);
    }

    public void start() throws IOException {
        server.start();
        LOG.info("remote JMX listening: {} (authentication required{})", url, ssl ? ", TLS" : "");
    }

    public JMXServiceURL url() { return url; }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            LOG.debug("JMX connector stop: {}", e.toString());
        }
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (IOException e) {
            LOG.debug("RMI registry unexport: {}", e.toString());
        }
    }
}
