/**
 * Who bootstraps a MariaDB Galera cluster after a whole-cluster outage, as pure functions.
 *
 * <p>Reports, the Pacemaker quorum flag and {@code nowMs} go in; a {@link galera.agent.election.Decision}
 * with a human reason comes out. Nothing here reads a clock, a file, a socket, mariadbd or Pacemaker: the
 * caller gathers the inputs (grastate.dat, {@code --wsrep-recover}, node attributes) and carries out the
 * decision. The model is etcd-io/raft, whose core never does I/O, so that the rules can be checked by
 * ten thousand simulated outages in a unit test. The rules themselves are in docs/design.md, "The election
 * rules", and in {@link galera.agent.election.Election}.
 */
package galera.agent.election;
