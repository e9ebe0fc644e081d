package galera.agent.jmx;

import javax.management.DescriptorKey;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The text JConsole shows for an attribute, operation or parameter. {@link DescriptorKey} copies it into the
 * MBeanInfo descriptor, where {@link DescribedMBean} picks it up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface Description {
    @DescriptorKey("description")
    String value();
}
