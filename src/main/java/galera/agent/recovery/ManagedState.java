package galera.agent.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether Pacemaker has started the resource on this node, and its name, kept in {@code stateDir/managed}
 * so that a restarted agent carries on where it was (the agent may restart while Galera keeps running).
 */
public final class ManagedState {
    private final Path file;
    private volatile String resource;

    public ManagedState(Path file) {
        this.file = file;
        String r = null;
        try {
            if (Files.exists(file)) {
                r = Files.readString(file, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            r = null;
        }
        this.resource = r == null || r.isEmpty() ? null : r;
    }

    public boolean managed() { return resource != null; }

    public String resource() { return resource; }

    public void manage(String resourceName) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, resourceName + "\n", StandardCharsets.UTF_8);
        resource = resourceName;
    }

    public void release() throws IOException {
        Files.deleteIfExists(file);
        resource = null;
    }
}
