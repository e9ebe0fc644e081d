package galera.agent.recovery;

import galera.agent.election.Position;
import galera.agent.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The start of the running history: the position the current Primary Component was bootstrapped from, when,
 * and by which node. Kept as the cluster property {@value #PROPERTY} (replaced at every bootstrap), and by
 * every node that has been part of that Primary Component in {@code stateDir/epoch}.
 *
 * <p>Why: after a bootstrap from position P, a node that was missing and comes back with seqno S > P in the
 * same history holds transactions P+1..S that the new history never had. Galera only notices when S is
 * still above the cluster's current seqno ("Reversing history … Must abort"); once the new cluster has
 * committed more than S, the node would join by IST and silently keep different data under the same seqnos.
 * Comparing against the epoch catches both cases before mariadbd starts.
 */
public record Epoch(Position from, long atMs, String node) {
    /** The crm_config property set that holds it; created once, replaced only by a bootstrap. */
    public static final String SET_ID = "galera-agent-epoch";
    public static final String NAME = "epoch";

    public String encode() {
        return from + "|" + atMs + "|" + node;
    }

    public static Optional<Epoch> decode(String value) {
        String[] f = value.strip().split("\\|");
        if (f.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Epoch(Position.parse(f[0]), Long.parseLong(f[1]), f[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a node at {@code mine}, which last belonged to {@code mineEpoch}, has transactions this epoch's
     * history does not have.
     */
    public boolean divergedFrom(Position mine, Optional<Epoch> mineEpoch) {
        if (mineEpoch.isPresent() && mineEpoch.get().equals(this)) {
            return false;
        }
        return mine.sameHistory(from) && mine.isSeqnoKnown() && mine.seqno() > from.seqno();
    }

    public String describeDivergence(Position mine) {
        return "this node was not in the Primary Component bootstrapped by " + node + " from " + from
                + "; its transactions " + (from.seqno() + 1) + ".." + mine.seqno() + " (" + (mine.seqno() - from.seqno())
                + ") are not in the running history";
    }

    /** The epoch this node last belonged to, from its state directory. */
    public static Optional<Epoch> load(Path file) {
        try {
            return Files.exists(file) ? decode(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void store(Path file) throws IOException {
        AtomicFiles.replace(file, encode() + "\n");
    }
}
