package galera.agent.node;

/** Takes one snapshot of the local node. The JDBC one is the real thing; tests may feed fixed snapshots. */
public interface StatusSource extends AutoCloseable {
    NodeStatus read();

    @Override
    void close();
}
