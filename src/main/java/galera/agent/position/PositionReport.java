package galera.agent.position;

import galera.agent.election.Position;

import java.util.Optional;

/**
 * The node's position as the agent knows it, with where it came from and, when it is incomplete, why.
 *
 * @param position        the position, or null when unknown
 * @param safeToBootstrap safe_to_bootstrap from grastate.dat (false when unreadable)
 * @param source          where the position came from
 * @param detail          a sentence for operators: the source, or what is wrong and what to do
 * @param atMs            when this report was made, epoch ms
 */
public record PositionReport(Position position, boolean safeToBootstrap, PositionSource source, String detail,
                             long atMs) {
    public Optional<Position> known() { return Optional.ofNullable(position); }
}
