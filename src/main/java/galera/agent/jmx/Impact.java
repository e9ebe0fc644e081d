package galera.agent.jmx;

import javax.management.DescriptorKey;
import javax.management.MBeanOperationInfo;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation's impact: {@link MBeanOperationInfo#INFO} (reads only), {@link MBeanOperationInfo#ACTION}
 * (changes state) or {@link MBeanOperationInfo#ACTION_INFO}. JConsole shows it, and MXBeans otherwise report
 * UNKNOWN.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Impact {
    @DescriptorKey("operationImpact")
    int value();
}
