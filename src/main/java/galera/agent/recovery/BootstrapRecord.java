package galera.agent.recovery;

import galera.agent.election.Position;

import java.util.Optional;

/**
 * The one bootstrap decision of an outage, written once into the CIB (crm_config property set
 * {@value #SET_ID}) by whichever agent decides first, and honoured by all. Cleared by a node that has been in
 * the Primary Component for a while, so that the next outage starts clean.
 *
 * @param node     the node that must bootstrap
 * @param position the position it bootstraps from
 * @param atMs     when the decision was recorded
 * @param forced   an operator forced it (forceBootstrap)
 * @param by       the node whose agent recorded it
 */
public record BootstrapRecord(String node, Position position, long atMs, boolean forced, String by) {
    public static final String SET_ID = "galera-agent-election";
    public static final String NAME = "bootstrap";

    public String encode() {
        return node + "|" + position + "|" + atMs + "|" + (forced ? "forced" : "elected") + "|" + by;
    }

    public static Optional<BootstrapRecord> decode(String value) {
        String[] f = value.split("\\|");
        if (f.length != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BootstrapRecord(f[0], Position.parse(f[1]), Long.parseLong(f[2]), f[3].equals("forced"), f[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
