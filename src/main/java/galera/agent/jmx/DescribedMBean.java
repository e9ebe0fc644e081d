package galera.agent.jmx;

import javax.management.AttributeChangeNotification;
import javax.management.Descriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An MXBean that describes itself: descriptions, parameter names and impacts come from {@link Description},
 * {@link Name} and {@link Impact} on the interface, so JConsole shows real text instead of p0 and UNKNOWN.
 * It emits {@link AttributeChangeNotification}s with the ObjectName as their source.
 */
public class DescribedMBean<T> extends StandardEmitterMBean {
    private final ObjectName name;
    private final NotificationBroadcasterSupport broadcaster;
    private final AtomicLong sequence = new AtomicLong();
    private final String typeDescription;

    public DescribedMBean(T impl, Class<T> intf, ObjectName name) {
        this(impl, intf, name, new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                new String[]{AttributeChangeNotification.ATTRIBUTE_CHANGE},
                AttributeChangeNotification.class.getName(),
                "An attribute changed: wsrep state, cluster status, election phase, decision")));
    }

    private DescribedMBean(T impl, Class<T> intf, ObjectName name, NotificationBroadcasterSupport broadcaster) {
        super(impl, intf, true, broadcaster);
        this.name = name;
        this.broadcaster = broadcaster;
        Description d = intf.getAnnotation(Description.class);
        this.typeDescription = d == null ? intf.getSimpleName() : d.value();
    }

    public ObjectName objectName() { return name; }

    /** Sends an AttributeChangeNotification if the value really changed. */
    public void attributeChanged(String attribute, Class<?> type, Object oldValue, Object newValue, long timeMs) {
        if (oldValue == null ? newValue == null : oldValue.equals(newValue)) {
            return;
        }
        broadcaster.sendNotification(new AttributeChangeNotification(name, sequence.incrementAndGet(), timeMs,
                attribute + " changed from " + oldValue + " to " + newValue, attribute, type.getName(),
                oldValue, newValue));
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return typeDescription;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return described(info.getDescriptor(), info.getDescription());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return described(info.getDescriptor(), info.getDescription());
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Object impact = info.getDescriptor().getFieldValue("operationImpact");
        return impact instanceof Integer i ? i : MBeanOperationInfo.ACTION;
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Object n = param.getDescriptor().getFieldValue("parameterName");
        return n instanceof String s ? s : super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return described(param.getDescriptor(), param.getDescription());
    }

    private static String described(Descriptor descriptor, String fallback) {
        Object d = descriptor.getFieldValue("description");
        return d instanceof String s ? s : fallback;
    }
}
