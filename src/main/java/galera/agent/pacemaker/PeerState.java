package galera.agent.pacemaker;

import galera.agent.election.NodeReport;
import galera.agent.election.Position;
import galera.agent.election.Unfitness;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node's report as it travels in its transient attribute, e.g.
 * {@code pos=288dc8ea-…:3134;safe=0;unfit=;at=1795651632000;state=STOPPED}. {@code crm_mon -A} shows it as
 * is, so operators can read every node's position from one command.
 *
 * @param report the position, safe_to_bootstrap and fitness, for the election
 * @param state  whether the node's mariadbd runs, and if so whether it is in a Primary Component
 */
public record PeerState(NodeReport report, RunState state) {
    /** What the node's mariadbd is doing. */
    public enum RunState {
        /** Not running: the report is the position it will start from. */
        STOPPED,
        /** Running, not (yet) in a Primary Component: starting, waiting, or non-Primary. */
        STARTING,
        /** Running in a Primary Component. */
        PRIMARY
    }

    public String encode() {
        Position p = report.position();
        Set<Unfitness> unfit = EnumSet.noneOf(Unfitness.class);
        unfit.addAll(report.unfit());
        // ZERO_UUID and UNKNOWN_SEQNO follow from the position; sending them again would only add noise.
        unfit.remove(Unfitness.ZERO_UUID);
        unfit.remove(Unfitness.UNKNOWN_SEQNO);
        return "pos=" + p + ";safe=" + (report.safeToBootstrap() ? 1 : 0) + ";unfit="
                + unfit.stream().map(Enum::name).collect(Collectors.joining(",")) + ";at=" + report.reportedAtMs()
                + ";state=" + state;
    }

    /** Parses what {@link #encode()} wrote; empty if the value is not ours or is malformed. */
    public static Optional<PeerState> decode(String node, String value) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            Position pos = Position.parse(f.get("pos"));
            Set<Unfitness> unfit = EnumSet.noneOf(Unfitness.class);
            String u = f.getOrDefault("unfit", "");
            if (!u.isEmpty()) {
                for (String name : u.split(",")) {
                    unfit.add(Unfitness.valueOf(name));
                }
            }
            long at = Long.parseLong(f.get("at"));
            RunState state = RunState.valueOf(f.get("state"));
            return Optional.of(new PeerState(new NodeReport(node, pos, "1".equals(f.get("safe")), unfit, at), state));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
