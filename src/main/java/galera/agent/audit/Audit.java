package galera.agent.audit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * The audit trail: one JSON line per decision and operator action, with who, what and the outcome, in
 * {@code stateDir/audit.log} and in the agent log. A write that fails (full disk, read-only file system) is
 * reported, and never breaks the caller: the record still reaches the agent log.
 */
public final class Audit {
    private static final Logger LOG = LogManager.getLogger("galera.audit");

    private final Path file;
    private final String node;
    private final LongSupplier clockMs;

    public Audit(Path file, String node, LongSupplier clockMs) {
        this.file = file;
        this.node = node;
        this.clockMs = clockMs;
    }

    /** Records what the current {@link Caller} did; returns false if the audit file could not be written. */
    public boolean record(String action, String outcome) {
        return write(Caller.current(), action, outcome);
    }

    /**
     * Records what the agent itself decided, as "agent", with the caller whose request it was deciding in, if any
     * ("agent, in a call by jolokia:operator@…": the OCF script's promote or probe runs the same evaluation as the
     * agent's own tick). A decision is never an operator's, even when an operator's call made it happen then.
     */
    public boolean recordByAgent(String action, String outcome) {
        String caller = Caller.current();
        return write(caller.equals("local") ? "agent" : "agent, in a call by " + caller, action, outcome);
    }

    private boolean write(String who, String action, String outcome) {
        String line = "{\"time\":\"" + Instant.ofEpochMilli(clockMs.getAsLong()) + "\",\"node\":" + json(node)
                + ",\"who\":" + json(who) + ",\"action\":" + json(action) + ",\"outcome\":" + json(outcome) + "}\n";
        LOG.info("audit: {} by {}: {}", action, who, outcome);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return true;
        } catch (IOException e) {
            LOG.error("audit log {} could not be written ({}); the record above is in the agent log only", file, e.toString());
            return false;
        }
    }

    public Path file() { return file; }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
