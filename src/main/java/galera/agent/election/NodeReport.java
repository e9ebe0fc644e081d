package galera.agent.election;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one node published about itself after the outage (in the agent: a transient Pacemaker node
 * attribute, written after reading grastate.dat or running {@code --wsrep-recover}).
 *
 * <p>{@code unfit} always contains {@link Unfitness#ZERO_UUID} and {@link Unfitness#UNKNOWN_SEQNO}
 * when the position shows them, whether the caller noticed or not: a zero UUID or seqno -1 can never be
 * "the highest position", so such a node must not win.
 *
 * @param safeToBootstrap the {@code safe_to_bootstrap} flag of grastate.dat; Galera sets it to 1 on the
 *        last node to leave the Primary Component in a clean shutdown
 * @param reportedAtMs on the reporter's clock; informative only, the election never trusts it
 */
public record NodeReport(String node, Position position, boolean safeToBootstrap, Set<Unfitness> unfit,
        long reportedAtMs) {

    public NodeReport {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(unfit, "unfit");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node name is blank");
        }
        EnumSet<Unfitness> all = EnumSet.noneOf(Unfitness.class);
        all.addAll(unfit);
        if (position.isZeroUuid()) {
            all.add(Unfitness.ZERO_UUID);
        }
        if (!position.isSeqnoKnown()) {
            all.add(Unfitness.UNKNOWN_SEQNO);
        }
        unfit = Collections.unmodifiableSet(all);
    }

    /** A fit report with no flags: the common case after a clean recovery. */
    public static NodeReport of(String node, Position position, long reportedAtMs) {
        return new NodeReport(node, position, false, Set.of(), reportedAtMs);
    }

    public boolean fit() {
        return unfit.isEmpty();
    }

    /** "node2 at uuid:42" plus flags, for reasons an operator reads. */
    String describe() {
        StringBuilder s = new StringBuilder(node).append(" at ").append(position);
        if (safeToBootstrap) {
            s.append(" (safe_to_bootstrap=1)");
        }
        if (!unfit.isEmpty()) {
            s.append(" unfit: ").append(unfit);
        }
        return s.toString();
    }
}
