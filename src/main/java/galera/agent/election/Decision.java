package galera.agent.election;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one evaluation. Every variant carries a reason: one or more sentences that name the
 * nodes and positions involved, for the log, the MBean and {@code ocf_exit_reason}.
 */
public sealed interface Decision {

    String reason();

    /**
     * Not enough information yet (the Pending of etcd-io/raft's quorum package): evaluate again later.
     *
     * @param waitingFor what would end the wait, e.g. "node3 to report its position"
     * @param untilMs when the wait ends by itself (the window end), or {@link Long#MAX_VALUE} if only an
     *        event (a report, quorum, an operator) can end it
     * @param missing configured nodes that have not reported, in configured order
     */
    record Wait(String waitingFor, long untilMs, List<String> missing, String reason) implements Decision {
        public Wait {
            Objects.requireNonNull(waitingFor, "waitingFor");
            missing = List.copyOf(missing);
            requireReason(reason);
        }

        public boolean hasDeadline() {
            return untilMs != Long.MAX_VALUE;
        }
    }

    /** Start {@code node} with {@code --wsrep-new-cluster} from {@code position}. */
    record Bootstrap(String node, Position position, String reason) implements Decision {
        public Bootstrap {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(position, "position");
            requireReason(reason);
        }
    }

    /** A Primary Component exists: join it through {@code primaryNode}; never bootstrap. */
    record Join(String primaryNode, String reason) implements Decision {
        public Join {
            Objects.requireNonNull(primaryNode, "primaryNode");
            requireReason(reason);
        }
    }

    /** The rules cannot pick a node safely; an operator must decide (e.g. force a bootstrap). */
    record Refuse(String reason) implements Decision {
        public Refuse {
            requireReason(reason);
        }
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason an operator can read");
        }
    }
}
