package galera.agent.jmx;

import javax.management.DescriptorKey;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An operation parameter's name as JConsole and Jolokia show it (instead of p0, p1). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Name {
    @DescriptorKey("parameterName")
    String value();
}
