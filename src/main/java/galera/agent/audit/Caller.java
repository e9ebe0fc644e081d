package galera.agent.audit;

import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;

/**
 * Who is calling an operation right now, for the audit log. Jolokia requests set it through
 * {@link #runAs}; remote JMX calls carry a {@link Subject} with a {@link JMXPrincipal}; anything else is a
 * local caller (the agent itself, or a local JConsole attach).
 */
public final class Caller {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private Caller() {
    }

    /** Runs {@code action} with {@code who} as the caller, then clears it. */
    public static void runAs(String who, ThrowingRunnable action) throws java.io.IOException {
        String previous = CURRENT.get();
        CURRENT.set(who);
        try {
            action.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** An action that may throw IOException, as an HTTP filter chain does. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws java.io.IOException;
    }

    @SuppressWarnings("removal") // Subject.getSubject is how JMX remote exposes its principal on Java 17.
    public static String current() {
        String set = CURRENT.get();
        if (set != null) {
            return set;
        }
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject != null) {
            String names = subject.getPrincipals().stream().map(Principal::getName).collect(Collectors.joining(","));
            if (!names.isEmpty()) {
                return "jmx:" + names;
            }
        }
        return "local";
    }
}
