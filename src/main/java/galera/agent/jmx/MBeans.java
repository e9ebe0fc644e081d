package galera.agent.jmx;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.List;

/** Registers the agent's MBeans under the {@code galera} domain, in one place, and unregisters them on close. */
public final class MBeans implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(MBeans.class);
    public static final String DOMAIN = "galera";

    private final MBeanServer server;
    private final List<ObjectName> registered = new ArrayList<>();

    public MBeans(MBeanServer server) {
        this.server = server;
    }

    public static ObjectName name(String type) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(type, e);
        }
    }

    public <T> DescribedMBean<T> register(String type, T impl, Class<T> intf) throws JMException {
        ObjectName name = name(type);
        DescribedMBean<T> mbean = new DescribedMBean<>(impl, intf, name);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(mbean, name);
        registered.add(name);
        return mbean;
    }

    @Override
    public void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                LOG.debug("unregister {}: {}", name, e.toString());
            }
        }
        registered.clear();
    }
}
