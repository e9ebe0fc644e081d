package galera.agent.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether Pacemaker has started the resource on this node, and its name, kept in {@code stateDir/managed}
 * so that a restarted agent carries on where it was (the agent may restart while Galera keeps running).
 *
 * <p>A stop that Pacemaker ordered only because this node had lost quorum (no-quorum-policy=stop: how the last
 * survivor of a staggered power cut goes down) is remembered apart, in {@code stateDir/managed.quorum-lost}:
 * the node is not managed, but Pacemaker's next probe may resume it once the node is quorate again
 * ({@link RecoveryActions#probe}).
 */
public final class ManagedState {
    private final Path file;
    private final Path quorumLost;
    private volatile String resource;

    public ManagedState(Path file) {
        this.file = file;
        this.quorumLost = file.resolveSibling(file.getFileName() + ".quorum-lost");
        this.resource = read(file).orElse(null);
    }

    private static Optional<String> read(Path f) {
        try {
            if (Files.exists(f)) {
                String r = Files.readString(f, StandardCharsets.UTF_8).strip();
                return r.isEmpty() ? Optional.empty() : Optional.of(r);
            }
        } catch (IOException e) {
            // unreadable: as if absent
        }
        return Optional.empty();
    }

    public boolean managed() { return resource != null; }

    public String resource() { return resource; }

    public void manage(String resourceName) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, resourceName + "\n", StandardCharsets.UTF_8);
        resource = resourceName;
        Files.deleteIfExists(quorumLost);
    }

    public void release() throws IOException {
        Files.deleteIfExists(quorumLost);
        Files.deleteIfExists(file);
        resource = null;
    }

    /** As {@link #release}, remembering that the stop came while this node had no quorum. */
    public void releaseForQuorumLoss() throws IOException {
        String r = resource;
        release();
        if (r != null) {
            Files.writeString(quorumLost, r + "\n", StandardCharsets.UTF_8);
        }
    }

    /** The resource that Pacemaker stopped here only because this node had lost quorum, if that was the last stop. */
    public Optional<String> stoppedForQuorumLoss() {
        return resource != null ? Optional.empty() : read(quorumLost);
    }
}
