package galera.agent;

import galera.agent.audit.Audit;
import galera.agent.config.AgentConfig;
import galera.agent.health.AdminState;
import galera.agent.health.AdminStateStore;
import galera.agent.health.HealthMonitor;
import galera.agent.health.HealthOptions;
import galera.agent.health.HealthVerdict;
import galera.agent.http.AgentCheckServer;
import galera.agent.http.HealthServer;
import galera.agent.http.JolokiaEndpoint;
import galera.agent.jmx.DescribedMBean;
import galera.agent.jmx.JmxRemote;
import galera.agent.jmx.HealthMXBean;
import galera.agent.jmx.HealthView;
import galera.agent.jmx.MBeans;
import galera.agent.jmx.NodeMXBean;
import galera.agent.jmx.NodeView;
import galera.agent.jmx.PositionMXBean;
import galera.agent.jmx.PositionView;
import galera.agent.node.JdbcStatusSource;
import galera.agent.node.NodeStatus;
import galera.agent.node.StatusPoller;
import galera.agent.position.MariadbdProcess;
import galera.agent.position.PositionTracker;
import galera.agent.position.WsrepRecover;
import galera.agent.election.Policy;
import galera.agent.jmx.ElectionMXBean;
import galera.agent.jmx.ElectionView;
import galera.agent.pacemaker.PacemakerCli;
import galera.agent.recovery.LateNodeWatch;
import galera.agent.recovery.ManagedState;
import galera.agent.recovery.Recovery;
import galera.agent.recovery.RecoveryActions;
import galera.agent.recovery.TickPacing;
import galera.agent.server.ServerControl;
import galera.agent.server.ServerOptions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import javax.management.JMException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Wires the parts of one agent and owns their lifecycle. The agent never starts or stops mariadbd here: it
 * only observes, so restarting the agent never touches the database.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(Agent.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AgentConfig config;
    private final LongSupplier clock = System::currentTimeMillis;
    private volatile StatusPoller poller; // read by the early recover's thread
    private HealthMonitor health;
    private HealthServer healthServer;
    private AgentCheckServer agentCheck;
    private JolokiaEndpoint jolokia;
    private JolokiaEndpoint browse;
    private JmxRemote jmxRemote;

    public Agent(AgentConfig config) {
        this.config = config;
    }

    public void start() throws IOException, JMException {
        Files.createDirectories(config.stateDir());
        // First of all, after a power cut: the position every node's election waits for. The start before the
        // first tick (the pool's first connect, the MBeans) took 1-2 s on a booting lab node, and the recover
        // waited for it. Only where Pacemaker manages the resource: no other datadir is touched.
        PositionTracker positions = new PositionTracker(config.datadir(), config.defaultsFile(),
                () -> poller == null ? NodeStatus.notYetPolled() : poller.latest(),
                MariadbdProcess.system(), new WsrepRecover(config.mariadbd(), config.datadir(), config.defaultsFile(),
                config.stateDir().resolve("recover"), config.recoverTimeoutMs()), clock);
        ManagedState managed = new ManagedState(config.stateDir().resolve("managed"));
        if (!config.clusterNodes().isEmpty() && managed.managed() && positions.recoverEarlyIfCrashed()) {
            LOG.info("recovery: mariadbd is stopped after a crash (grastate.dat seqno -1): recovering its position"
                    + " (mariadbd --wsrep-recover) while the agent starts");
        }
        poller = new StatusPoller(new JdbcStatusSource(config, clock), config.pollIntervalMs());
        started.push(poller);
        health = new HealthMonitor(poller::latest, config.maintenanceFile(), new HealthOptions(
                config.availableWhenDonor(), config.availableWhenReadOnly(), config.drainWhenDonor(),
                config.recvQueueLimit(), maxStatusAgeMs()), clock,
                new AdminStateStore(config.stateDir().resolve("health-admin")));
        if (health.admin().mode() != AdminState.Mode.READY) {
            LOG.warn("admin state {} kept from before the restart ({}, by {}): HAProxy is told so until an operator "
                    + "calls ready on galera:type=Health", health.admin().mode(), health.admin().reason(), health.admin().by());
        }
        Audit audit = new Audit(config.stateDir().resolve("audit.log"), config.nodeName(), clock);

        MBeans mbeans = new MBeans(ManagementFactory.getPlatformMBeanServer());
        started.push(mbeans);
        DescribedMBean<NodeMXBean> node = mbeans.register("Node",
                new NodeView(config.nodeName(), poller, health, clock), NodeMXBean.class);
        mbeans.register("Position", new PositionView(positions, audit), PositionMXBean.class);
        DescribedMBean<HealthMXBean> healthBean = mbeans.register("Health", new HealthView(health, audit), HealthMXBean.class);
        notifyChanges(node, healthBean);
        poller.start();
        if (!config.clusterNodes().isEmpty()) {
            startRecovery(mbeans, positions, audit, managed);
        }

        if (config.healthPort() != 0) {
            healthServer = new HealthServer(config.healthHost(), config.healthPort(), config.nodeName(), health);
            healthServer.start();
            started.push(healthServer);
            LOG.info("health endpoint listening on http://{}:{}/health", config.healthHost(), healthServer.address().getPort());
        }
        if (config.agentCheckPort() != 0) {
            agentCheck = new AgentCheckServer(config.healthHost(), config.agentCheckPort(), health);
            agentCheck.start();
            started.push(agentCheck);
            LOG.info("HAProxy agent-check listening on {}:{}", config.healthHost(), agentCheck.address().getPort());
        }
        if (config.jolokiaPort() != 0) {
            jolokia = new JolokiaEndpoint(new JolokiaEndpoint.Settings(config.jolokiaHost(), config.jolokiaPort(),
                    config.jolokiaUser(), config.jolokiaPassword(), config.jolokiaPolicy(), "galera-agent-" + config.nodeName()));
            jolokia.start();
            started.push(jolokia);
        }
        if (config.browsePort() != 0) {
            browse = new JolokiaEndpoint(new JolokiaEndpoint.Settings(config.browseHost(), config.browsePort(),
                    config.browseUser(), config.browsePassword(), config.browsePolicy(), "galera-agent-browse-" + config.nodeName()));
            browse.start();
            started.push(browse);
            LOG.info("browsing Jolokia endpoint (list, search, reads; no operations) on {}:{}, user {}",
                    config.browseHost(), browse.address().getPort(), config.browseUser());
        }
        if (config.jmxPort() != 0) {
            jmxRemote = new JmxRemote(config.jmxHost(), config.jmxPort(), config.jmxPasswordFile(),
                    config.jmxAccessFile(), config.jmxSsl(), ManagementFactory.getPlatformMBeanServer());
            jmxRemote.start();
            started.push(jmxRemote);
        }
    }

    /**
     * Whole-cluster recovery: only when clusterNodes is configured. Ticks every second while recovering and
     * every 5 s while mariadbd runs in the Primary Component (each tick runs a few Pacemaker commands).
     */
    private void startRecovery(MBeans mbeans, PositionTracker positions, Audit audit, ManagedState managed) throws JMException {
        int n = config.clusterNodes().size();
        Policy policy = new Policy(config.electionWindowMs(),
                config.electionQuorum() == 0 ? n / 2 + 1 : config.electionQuorum(), n);
        ServerControl server = new ServerControl(config.mariadbd(), config.defaultsFile(), config.datadir(),
                config.stateDir(), MariadbdProcess.system(), config.mariadbdStopTimeoutMs());
        Recovery recovery = new Recovery(new Recovery.Settings(config.nodeName(), config.clusterNodes(), policy,
                config.lateNodeDiscard(), config.pacemakerAttribute(), config.stateDir().resolve("epoch")), new PacemakerCli(config.pacemakerTimeoutMs()),
                positions, poller::latest, server,
                new LateNodeWatch(ServerOptions.errorLog(config.defaultsFile(), config.datadir())), audit, clock,
                managed);
        java.nio.file.Path statusFile = config.stateDir().resolve("ocf-status");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "recovery");
            t.setDaemon(true);
            return t;
        });
        started.push(ticker::shutdownNow);
        RecoveryActions actions = new RecoveryActions(recovery, statusFile, ticker);
        DescribedMBean<ElectionMXBean> election = mbeans.register("Election",
                new ElectionView(recovery, actions), ElectionMXBean.class);
        ElectionView.sendNotifications(recovery, election);
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            long postpone = TickPacing.postponeBy(clock.getAsLong(), recovery.lastTickEndedMs());
            if (postpone > 0) {
                ticker.schedule(loop[0], postpone, TimeUnit.MILLISECONDS);
                return;
            }
            actions.periodicTick();
            ticker.schedule(loop[0], TickPacing.intervalAfter(recovery.phase(), recovery.publishedAtLastTick()),
                    TimeUnit.MILLISECONDS);
        };
        // The first tick at once: after a power cut it publishes the position (the recover started above, or run
        // here when that start was not possible), and every other node's election waits for this node's report.
        ticker.execute(loop[0]);
        // A change of what this node publishes is evaluated and published at once, not at the next tick: the
        // others wait for this node's "PRIMARY" before they join.
        poller.addListener((p, s) -> {
            if (changesWhatIsPublished(p, s)) {
                actions.tickSoon();
            }
        });
        LOG.info("recovery: taking part in elections among {} (window {} ms, quorum {}, lateNode={})",
                config.clusterNodes(), policy.windowMs(), policy.quorum(), config.lateNodeDiscard() ? "discard" : "hold");
    }

    /**
     * Whether a change of the local server changes what the recovery publishes (running or not, in the Primary
     * Component or not), and so deserves a tick now rather than at the next one. The wsrep state alone does not:
     * a donor goes Synced, Donor/Desynced, Joined, Synced for every joiner it serves, and an extra tick at each
     * step (two Pacemaker tool runs) competed on the donor with the transfer script the joiners wait for.
     */
    static boolean changesWhatIsPublished(NodeStatus before, NodeStatus now) {
        return before.reachable() != now.reachable() || !before.clusterStatus().equals(now.clusterStatus());
    }

    /** A snapshot older than a few polls plus one connect timeout means the poller is stuck: do not trust it. */
    private long maxStatusAgeMs() {
        return 3 * config.pollIntervalMs() + 2 * config.dbConnectTimeoutMs() + 1000;
    }

    /** AttributeChangeNotifications for the state, the cluster status and the verdict. */
    private void notifyChanges(DescribedMBean<NodeMXBean> node, DescribedMBean<HealthMXBean> healthBean) {
        AtomicReference<HealthVerdict> prevVerdict = new AtomicReference<>(null);
        poller.addListener((p, s) -> {
            node.attributeChanged("LocalStateComment", String.class, p.localStateComment(), s.localStateComment(), s.polledAtMs());
            node.attributeChanged("ClusterStatus", String.class, p.clusterStatus(), s.clusterStatus(), s.polledAtMs());
            node.attributeChanged("DatabaseReachable", Boolean.class, p.reachable(), s.reachable(), s.polledAtMs());
            HealthVerdict v = health.verdict(s);
            HealthVerdict pv = prevVerdict.getAndSet(v);
            if (pv == null || pv.state() != v.state() || !pv.rule().equals(v.rule())) {
                LOG.info("health verdict: {} [{}] {}", v.state(), v.rule(), v.reason());
                healthBean.attributeChanged("State", String.class, pv == null ? "" : pv.state().name(), v.state().name(), s.polledAtMs());
            }
            if (pv == null || pv.available() != v.available()) {
                node.attributeChanged("Available", Boolean.class, pv != null && pv.available(), v.available(), s.polledAtMs());
            }
        });
    }

    public int healthPort() { return healthServer == null ? 0 : healthServer.address().getPort(); }

    public int agentCheckPort() { return agentCheck == null ? 0 : agentCheck.address().getPort(); }

    public int browsePort() { return browse == null ? 0 : browse.address().getPort(); }

    public int jolokiaPort() { return jolokia == null ? 0 : jolokia.address().getPort(); }

    public StatusPoller poller() { return poller; }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
