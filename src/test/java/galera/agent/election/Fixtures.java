package galera.agent.election;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders so that test tables read like the scenarios they describe. */
final class Fixtures {

    static final String A = "6f1c3a52-1111-4aaa-8aaa-00000000000a";
    static final String B = "0b3e9d10-2222-4bbb-8bbb-00000000000b";
    static final String Z = Position.ZERO_UUID;
    static final long WINDOW = Policy.DEFAULT_WINDOW_MS;

    private Fixtures() {
    }

    static NodeReport report(String node, String uuid, long seqno, Unfitness... unfit) {
        return new NodeReport(node, new Position(uuid, seqno), false, set(unfit), 0);
    }

    static NodeReport safe(String node, String uuid, long seqno) {
        return new NodeReport(node, new Position(uuid, seqno), true, EnumSet.noneOf(Unfitness.class), 0);
    }

    private static EnumSet<Unfitness> set(Unfitness... unfit) {
        EnumSet<Unfitness> s = EnumSet.noneOf(Unfitness.class);
        s.addAll(List.of(unfit));
        return s;
    }

    static Builder nodes(String... configured) {
        return new Builder(List.of(configured));
    }

    /** Defaults: quorate, no primary, window started at 0, now = 1 s (inside the window). */
    static final class Builder {
        final List<String> configured;
        final Map<String, NodeReport> reports = new LinkedHashMap<>();
        boolean quorate = true;
        Optional<String> primary = Optional.empty();
        long windowStart = 0;
        long now = 1_000;
        Policy policy;

        Builder(List<String> configured) {
            this.configured = configured;
            this.policy = Policy.defaults(configured.size());
        }

        Builder with(NodeReport... rs) {
            for (NodeReport r : rs) {
                reports.put(r.node(), r);
            }
            return this;
        }

        Builder at(long nowMs) {
            this.now = nowMs;
            return this;
        }

        Builder afterWindow() {
            return at(windowStart + policy.windowMs());
        }

        Builder notQuorate() {
            this.quorate = false;
            return this;
        }

        Builder primaryAt(String node) {
            this.primary = Optional.of(node);
            return this;
        }

        Builder quorum(int q) {
            this.policy = policy.withQuorum(q);
            return this;
        }

        ElectionInput build() {
            return new ElectionInput(configured, reports, quorate, primary, windowStart, now, policy);
        }

        /** The same input with the reports inserted in the reverse order. */
        ElectionInput buildReversed() {
            List<NodeReport> rs = new ArrayList<>(reports.values());
            java.util.Collections.reverse(rs);
            Map<String, NodeReport> m = new LinkedHashMap<>();
            rs.forEach(r -> m.put(r.node(), r));
            return new ElectionInput(configured, m, quorate, primary, windowStart, now, policy);
        }
    }

    /** A compact, comparable summary of a decision: "Bootstrap n2 A:12", "Wait 90000", "Join n1", "Refuse". */
    static String summary(Decision d) {
        if (d instanceof Decision.Bootstrap b) {
            return "Bootstrap " + b.node() + " " + (b.position().clusterUuid().equals(A) ? "A" : "B") + ":"
                    + b.position().seqno();
        } else if (d instanceof Decision.Wait w) {
            return "Wait " + (w.hasDeadline() ? String.valueOf(w.untilMs()) : "forever") + " " + w.missing();
        } else if (d instanceof Decision.Join j) {
            return "Join " + j.primaryNode();
        } else {
            return "Refuse";
        }
    }
}
