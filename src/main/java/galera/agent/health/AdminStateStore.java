package galera.agent.health;

import galera.agent.io.AtomicFiles;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Keeps the operator's admin state in {@code stateDir/health-admin}, so a drained or maintained node stays out
 * of rotation across an agent restart. Written atomically ({@link AtomicFiles}).
 *
 * <p>A file that cannot be read or parsed is not silently taken as READY: the node is drained, with the reason
 * naming the file, until an operator sets a state again (which rewrites it).
 */
public final class AdminStateStore {
    private static final Logger LOG = LogManager.getLogger(AdminStateStore.class);

    private final Path file;

    public AdminStateStore(Path file) {
        this.file = file;
    }

    public AdminState load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return AdminState.READY;
        } catch (IOException e) {
            return unreadable(e.toString());
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
            AdminState.Mode mode = AdminState.Mode.valueOf(p.getProperty("mode", ""));
            long at = Long.parseLong(p.getProperty("atMs", "0"));
            return new AdminState(mode, p.getProperty("reason", ""), p.getProperty("by", ""), at);
        } catch (IOException | IllegalArgumentException e) {
            return unreadable("not a valid admin state (" + e.getMessage() + ")");
        }
    }

    private AdminState unreadable(String why) {
        LOG.error("admin state file {} is unreadable: {}; draining this node until an operator calls ready, drain "
                + "or maint on galera:type=Health (the file is left as it is)", file, why);
        return new AdminState(AdminState.Mode.DRAIN, "admin state file " + file + " unreadable: " + why, "agent", 0);
    }

    /** Persists the state; throws if it cannot, so the caller can refuse rather than pretend. */
    public void save(AdminState state) throws IOException {
        Properties p = new Properties();
        p.setProperty("mode", state.mode().name());
        p.setProperty("reason", state.reason());
        p.setProperty("by", state.by());
        p.setProperty("atMs", Long.toString(state.atMs()));
        StringWriter w = new StringWriter();
        p.store(w, "galera-agent admin state for HAProxy; change it with galera:type=Health drain/maint/ready");
        AtomicFiles.replace(file, w.toString());
    }

    public Path file() { return file; }
}
