package galera.agent.recovery;

import galera.agent.audit.Audit;
import galera.agent.election.Policy;
import galera.agent.election.Position;
import galera.agent.node.NodeStatus;
import galera.agent.pacemaker.PeerState;
import galera.agent.position.MariadbdProcess;
import galera.agent.position.PositionTracker;
import galera.agent.position.WsrepRecover;
import galera.agent.server.ServerControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several agents' Recovery, each over its own stopped node (a datadir with a grastate.dat, no process), against
 * one in-memory cluster: the decision is recorded once and followed by all, whatever order they tick in.
 */
class RecoveryTest {
    static final String H = "f8587ac3-e931-11f1-b79b-1f598494ddc0";
    static final List<String> NODES = List.of("node1", "node2", "node3");

    @TempDir
    Path dir;
    final FakeCluster cluster = new FakeCluster();
    final AtomicLong clock = new AtomicLong(1_795_654_000_000L);
    /** The agents' lateNode setting: discard (the default) or hold. */
    boolean lateNodeDiscard = true;
    /** When set, the agents' moves aside fail after the first file, as on a disk that fills up half-way. */
    boolean moveFailsAfterFirstFile;

    Recovery agent(String node, long seqno) throws IOException {
        return agent(node, seqno, true);
    }

    /** With {@code started} false, the managed state is whatever the node's state files say (an agent restart). */
    Recovery agent(String node, long seqno, boolean started) throws IOException {
        Path d = dir.resolve(node);
        Path data = Files.createDirectories(d.resolve("data"));
        Files.writeString(data.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid: " + H
                + "\nseqno: " + seqno + "\nsafe_to_bootstrap: 0\n");
        Path emptyProc = Files.createDirectories(d.resolve("proc"));
        MariadbdProcess none = new MariadbdProcess(emptyProc);
        PositionTracker positions = new PositionTracker(data, "", NodeStatus::notYetPolled, none,
                new WsrepRecover(Path.of("/bin/false"), data, "", d.resolve("recover"), 1000), clock::get);
        ManagedState managed = new ManagedState(d.resolve("managed"));
        if (started) {
            managed.manage("galera");
        }
        return new Recovery(new Recovery.Settings(node, NODES, new Policy(30_000, 2, 3), lateNodeDiscard, "galera-agent",
                d.resolve("epoch")), cluster.as(node), positions, NodeStatus::notYetPolled,
                moveFailsAfterFirstFile ? new ServerControl(Path.of("/usr/sbin/mariadbd"), "", data, d, none, 1000) {
                    @Override
                    public void moveAside(String tag, List<String> names, List<Path> moved) throws IOException {
                        for (String name : names) {
                            if (Files.exists(data.resolve(name))) {
                                super.moveAside(tag, List.of(name), moved);
                                throw new IOException("No space left on device");
                            }
                        }
                    }
                } : new ServerControl(Path.of("/usr/sbin/mariadbd"), "", data, d, none, 1000),
                new LateNodeWatch(Optional.empty()), new Audit(d.resolve("audit.log"), node, clock::get), clock::get, managed);
    }

    @Test
    void allReportTheHighestIsRecordedOnceAndEveryoneFollowsIt() throws IOException {
        // Round 1: each publishes; the later ones already see the earlier reports.
        Map<String, Recovery> agents = reportedOnce(90, 146);
        clock.addAndGet(1000);
        // Round 2, in reverse order: node3 decides first now.
        List.of("node3", "node2", "node1").forEach(n -> agents.get(n).tick());

        assertEquals(1, cluster.creates.size(), "one record per outage: " + cluster.creates);
        assertTrue(cluster.creates.get(0).contains("node2|" + H + ":146|"), cluster.creates.toString());
        assertEquals(Phase.ELECTED, agents.get("node2").phase());
        // node3, which recorded node2 in round 1, set every score with the record: both others start alongside.
        assertEquals(Phase.JOIN_READY, agents.get("node3").phase(), agents.get("node3").reason());
        assertEquals(Phase.JOIN_READY, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(Map.of("node2", Recovery.SCORE_BOOTSTRAP, "node1", Recovery.SCORE_JOIN, "node3", Recovery.SCORE_JOIN),
                cluster.scores, "only the elected node may be promoted to bootstrap");
    }

    /** Agents for node1, node2, ... at these seqnos (none has ticked), with all three nodes in the partition. */
    List<Recovery> inPartitionOfThree(long... seqnos) throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        List<Recovery> agents = new java.util.ArrayList<>();
        for (int i = 0; i < seqnos.length; i++) {
            agents.add(agent("node" + (i + 1), seqnos[i]));
        }
        return agents;
    }

    /** node1, node2 (146) and node3 at these seqnos tick once each, in order: node3, the last, sees all three. */
    Map<String, Recovery> reportedOnce(long seqno1, long seqno3) throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Map<String, Recovery> agents = new LinkedHashMap<>();
        agents.put("node1", agent("node1", seqno1));
        agents.put("node2", agent("node2", 146));
        agents.put("node3", agent("node3", seqno3));
        agents.values().forEach(Recovery::tick);
        return agents;
    }

    /** As {@link #reportedOnce}, then a second round: node2 (146) is elected and every agent has seen it. */
    Map<String, Recovery> electedNode2(long seqno1, long seqno3) throws IOException {
        Map<String, Recovery> agents = reportedOnce(seqno1, seqno3);
        clock.addAndGet(1000);
        agents.values().forEach(Recovery::tick);
        clock.addAndGet(1000);
        return agents;
    }

    @Test
    void aTickSaysWhetherItPublishedANewReport() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        a.tick();
        assertEquals(Phase.WAITING, a.phase(), a.reason());
        assertTrue(a.publishedAtLastTick(), "the first report");
        clock.addAndGet(1000);
        a.tick();
        assertFalse(a.publishedAtLastTick(), "nothing new");
        int writes = cluster.publishes.size();
        clock.addAndGet(Recovery.REPUBLISH_MS);
        a.tick();
        assertEquals(writes + 1, cluster.publishes.size(), "the 30 s refresh");
        assertFalse(a.publishedAtLastTick(), "a refresh is not a new report");
    }

    @Test
    void aNodeNotStartedSaysOnceThatItPublishedItsPositionThoughItIsRefreshed() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90, false);
        for (int i = 0; i < 8; i++) { // 80 s
            a.tick();
            clock.addAndGet(10_000);
        }
        assertTrue(cluster.publishes.size() >= 3, "refreshed: " + cluster.publishes);
        assertEquals(1, a.history().stream().filter(h -> h.contains("not started by Pacemaker: published position")).count(),
                a.history().toString());
    }

    @Test
    void othersStartAlongsideOnceTheWinnersBootstrapScoreIsSet() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 120);
        Recovery node1 = agents.get("node1");
        Recovery node3 = agents.get("node3");
        assertEquals(1, cluster.creates.size(), cluster.creates.toString());
        assertTrue(cluster.creates.get(0).startsWith("node3:node2|"), "node3, the last to tick, recorded node2: " + cluster.creates);
        clock.addAndGet(1000);

        node1.tick();
        node3.tick();
        for (Recovery r : List.of(node1, node3)) {
            assertEquals(Phase.JOIN_READY, r.phase(), r.reason());
            assertTrue(r.reason().contains("node2 was elected to bootstrap from " + H + ":146 (its bootstrap promotion score is set"),
                    r.reason());
        }
        assertEquals(Map.of("node1", Recovery.SCORE_JOIN, "node2", Recovery.SCORE_BOOTSTRAP, "node3", Recovery.SCORE_JOIN),
                cluster.scores);
        assertEquals(1, cluster.creates.size(), "still one record: " + cluster.creates);
    }

    @Test
    void withoutTheWinnersBootstrapScoreNobodyStartsAlongside() throws IOException {
        // A record with no bootstrap score behind it (its writer failed between the two writes, or the score
        // was lost): the others wait until the winner's agent sets it.
        Map<String, Recovery> agents = reportedOnce(90, 120);
        cluster.scores.clear();
        clock.addAndGet(1000);
        agents.get("node1").tick();
        assertEquals(Phase.WAITING, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(Map.of(), cluster.scores, "nobody may start before the winner's score is set");
        agents.get("node2").tick(); // counts on the recorder's write, which may still be in attrd...
        assertEquals(Map.of(), cluster.scores, cluster.scoreBatches.toString());
        clock.addAndGet(Recovery.SCORE_SETTLE_MS);
        agents.get("node2").tick(); // ...until it has had time to land: then the CIB is the judge
        agents.get("node1").tick();
        assertEquals(Phase.JOIN_READY, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node2"));
    }

    @Test
    void aJoinerThatReadsTheWinnersScoreTooEarlyLeavesTheJoinScoreTheWinnerSetForIt() throws IOException {
        // Seen on the lab: node1's tick read node2's score just before node2's write reached the CIB, went
        // WAITING, and removed the join score node2 had just set for it; Pacemaker then promoted node1 in a
        // second transition, 3 s after the others.
        Map<String, Recovery> agents = reportedOnce(90, 150); // node3 (150), the last to tick, records itself
        clock.addAndGet(1000);
        agents.get("node3").tick();
        assertEquals(Phase.ELECTED, agents.get("node3").phase(), agents.get("node3").reason());
        assertEquals(Map.of("node3", Recovery.SCORE_BOOTSTRAP, "node1", Recovery.SCORE_JOIN, "node2", Recovery.SCORE_JOIN),
                cluster.scores);

        // node1's first tick with the record in place (its agent had just started, as on the lab, where its
        // reads failed until Pacemaker was up), with the winner's score not yet visible to it.
        agents.put("node1", agent("node1", 90));
        cluster.scoreReadsLag = true;
        agents.get("node1").tick();
        agents.get("node2").tick();
        assertEquals(Phase.WAITING, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(Map.of("node3", Recovery.SCORE_BOOTSTRAP, "node1", Recovery.SCORE_JOIN, "node2", Recovery.SCORE_JOIN),
                cluster.scores, "a stale read must not take back the join scores the winner set");

        cluster.scoreReadsLag = false;
        clock.addAndGet(1000);
        agents.get("node1").tick();
        assertEquals(Phase.JOIN_READY, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"));
    }

    @Test
    void aNodeAheadOfTheWinnerHasNoScoreWhileItWaits() throws IOException {
        // The counterpart: a node the winner would not start alongside (ahead of it, forced by an operator) holds
        // no promotion score while it waits, whatever it held before.
        Map<String, Recovery> agents = reportedOnce(90, 120);
        cluster.scores.put("node3", Recovery.SCORE_JOIN);
        cluster.sets.put(BootstrapRecord.SET_ID, new BootstrapRecord("node1", new Position(H, 90), clock.get(), true,
                "node1").encode());
        cluster.scoreReadsLag = true;
        clock.addAndGet(1000);
        agents.get("node3").tick();
        assertEquals(Phase.WAITING, agents.get("node3").phase(), agents.get("node3").reason());
        assertEquals(null, cluster.scores.get("node3"), cluster.scores.toString());
    }

    @Test
    void aJoinScoreLeftFromAWinnerThatHasGoneIsRemoved() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 120);
        clock.addAndGet(1000);
        agents.get("node2").tick(); // elected: its score and node1's
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"));
        // node2 leaves before node1's agent saw its score: Pacemaker drops node2's attributes and score, not node1's.
        cluster.partition = List.of("node1", "node3");
        cluster.attributes.remove("node2");
        cluster.scores.remove("node2");
        agents.get("node1").tick();
        assertEquals(Phase.WAITING, agents.get("node1").phase(), agents.get("node1").reason());
        assertEquals(null, cluster.scores.get("node1"),
                "a join score for a winner that is gone would have Pacemaker promote node1, and its promote refuse");
    }

    @Test
    void aScoreThatLandsWhereNoneIsWantedIsRemoved() throws IOException {
        // node1 waits for node3's report (no record yet): it wants no score. A late write (its own, from before)
        // lands after its tick: once that write has had time to land, the next tick removes it.
        List<Recovery> up = inPartitionOfThree(90, 146);
        Recovery node1 = up.get(0);
        up.forEach(Recovery::tick);
        assertEquals(Phase.WAITING, node1.phase(), node1.reason());
        cluster.scores.put("node1", Recovery.SCORE_JOIN);
        clock.addAndGet(2000);
        node1.tick();
        assertEquals(Phase.WAITING, node1.phase(), node1.reason());
        assertEquals(null, cluster.scores.get("node1"), "Pacemaker would promote node1, and its promote refuse");
    }

    @Test
    void beforeAnyDcHasWrittenThisNodesStatusNothingCountsAsWiped() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery node1 = agent("node1", 90);
        node1.tick();
        // The local CIB right after boot: no status section yet, so no member and no attribute in it.
        cluster.partition = List.of();
        cluster.attributes.clear();
        clock.addAndGet(3_000);
        node1.tick();
        assertTrue(node1.history().stream().noneMatch(h -> h.contains("attributes are gone")), node1.history().toString());
    }

    @Test
    void theRecordingAgentSetsEveryScoreInOneCallSoThatOneTransitionPromotesAll() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 120); // node3 records node2
        assertEquals(List.of("node3 {node2=" + Recovery.SCORE_BOOTSTRAP + ", node1=" + Recovery.SCORE_JOIN + ", node3="
                + Recovery.SCORE_JOIN + "}"), cluster.scoreBatches, "the bootstrap score first, all in one call, with the record");
        assertTrue(agents.get("node3").history().stream().anyMatch(h -> h.contains(
                "set the bootstrap score of node2 and the join score of node1, node3 with the record")),
                agents.get("node3").history().toString());
        // The winner's agent finds its score in place; later ticks never take a score back or set one again.
        clock.addAndGet(1000);
        agents.values().forEach(Recovery::tick);
        assertEquals(Phase.ELECTED, agents.get("node2").phase(), agents.get("node2").reason());
        clock.addAndGet(1000);
        agents.values().forEach(Recovery::tick);
        assertEquals(1, cluster.scoreBatches.size(), cluster.scoreBatches.toString());
        assertEquals(Map.of("node1", Recovery.SCORE_JOIN, "node2", Recovery.SCORE_BOOTSTRAP, "node3", Recovery.SCORE_JOIN),
                cluster.scores);
    }

    @Test
    void theWinnerThatRecordsItselfSetsEveryScoreInOneCall() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 150); // node3, the last to tick, is the highest
        assertEquals(Phase.ELECTED, agents.get("node3").phase(), agents.get("node3").reason());
        assertEquals(List.of("node3 {node3=" + Recovery.SCORE_BOOTSTRAP + ", node1=" + Recovery.SCORE_JOIN + ", node2="
                + Recovery.SCORE_JOIN + "}"), cluster.scoreBatches);
        clock.addAndGet(1000);
        agents.values().forEach(Recovery::tick);
        assertEquals(1, cluster.scoreBatches.size(), cluster.scoreBatches.toString());
    }

    @Test
    void aWaitingTickThatReadTheCibBeforeTheRecordNeverRemovesTheScoreWrittenWithIt() throws IOException {
        staleReadRace(false);
    }

    @Test
    void noRemovalFromAStaleReadEitherOnTheFirstTickAfterAnOcfStart() throws IOException {
        staleReadRace(true); // a start (prepare) forgets the score just before its tick, as after a planned stop
    }

    /**
     * node2's first tick reads the CIB (node1's report only: no record, no score) and publishes; node3 then sees
     * all three, records node2 and sets its bootstrap score; then node2's tick goes on with what it read: it
     * waits for node3, and its "no score" must not reach the CIB as a removal.
     */
    private void staleReadRace(boolean startedJustBefore) throws IOException {
        List<Recovery> up = inPartitionOfThree(90, 146, 120);
        Recovery node2 = up.get(1);
        Recovery node3 = up.get(2);
        up.get(0).tick();
        if (startedJustBefore) {
            node2.forgetScore();
        }
        cluster.afterPublish.put("node2", node3::tick);
        node2.tick();
        assertEquals(1, cluster.creates.size(), cluster.creates.toString());
        assertTrue(cluster.creates.get(0).startsWith("node3:node2|"), cluster.creates.toString());
        assertEquals(Phase.WAITING, node2.phase(), "node2's tick read the CIB before the record: " + node2.reason());
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node2"), "removed by a stale read: " + cluster.scoreBatches);
        clock.addAndGet(1000);
        node2.tick();
        assertEquals(Phase.ELECTED, node2.phase(), node2.reason());
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node2"));
        assertEquals(1, cluster.scoreBatches.size(), "the recorder's batch only: " + cluster.scoreBatches);
    }

    @Test
    void aWinnerWhoseOwnRemovalMayStillBeInAttrdWritesItsScoreRatherThanTrustTheRead() throws IOException {
        // node2's resource was just stopped (its score removal goes through attrd, delayed) and started again;
        // node3 records node2 and sets 1000, which this read shows. The removal may land after it: node2 must
        // write 1000 itself, later than its own removal, not take the read's word for it.
        Map<String, Recovery> agents = reportedOnce(90, 120); // node3 records node2, sets the scores
        agents.get("node2").forgetScoreWrittenOutsideTick();
        clock.addAndGet(500);
        agents.get("node2").tick();
        assertEquals(Phase.ELECTED, agents.get("node2").phase(), agents.get("node2").reason());
        assertTrue(cluster.scoreBatches.get(cluster.scoreBatches.size() - 1).startsWith("node2 {node2=" + Recovery.SCORE_BOOTSTRAP),
                "node2 must write its own score: " + cluster.scoreBatches);
    }

    @Test
    void theWinnerDoesNotWriteAgainTheBatchTheRecorderHasJustWritten() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 120); // node3 records node2 and sets the scores
        cluster.scoreReadsLag = true; // node2's read comes before attrd has written them
        clock.addAndGet(500);
        agents.get("node2").tick();
        assertEquals(Phase.ELECTED, agents.get("node2").phase(), agents.get("node2").reason());
        assertEquals(1, cluster.scoreBatches.size(), "the recorder's batch only: " + cluster.scoreBatches);
        // Once that write has had time to land, the CIB is the judge: a score that is not there is set again.
        cluster.scoreReadsLag = false;
        cluster.scores.remove("node2");
        clock.addAndGet(Recovery.SCORE_SETTLE_MS);
        agents.get("node2").tick();
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node2"), cluster.scoreBatches.toString());
        assertEquals(2, cluster.scoreBatches.size(), cluster.scoreBatches.toString());
    }

    @Test
    void aPromoteThatWaitedForATickBegunAfterItArrivedDoesNotLookAgain() throws Exception {
        Recovery node2 = electedNode2(90, 120).get("node2");
        RecoveryActions actions = new RecoveryActions(node2);
        java.util.concurrent.atomic.AtomicReference<String> answer = new java.util.concurrent.atomic.AtomicReference<>();
        Thread promote = new Thread(() -> answer.set(actions.promote()));
        int before;
        synchronized (node2) { // the recovery's lock is held when the promote arrives...
            promote.start();
            while (promote.getState() != Thread.State.BLOCKED) {
                Thread.sleep(1);
            }
            node2.tick(); // ...by a tick that began after it arrived
            before = cluster.snapshots;
        }
        promote.join(10_000);
        assertEquals(before, cluster.snapshots, "the promote looked again: " + answer.get());
        assertTrue(answer.get() != null && answer.get().contains("defaultsFile"), "it went on to start mariadbd: " + answer.get());
        actions.promote(); // no tick in between: it looks afresh
        assertEquals(before + 1, cluster.snapshots);
    }

    @Test
    void aScoreTheCibLostIsSetAgain() throws IOException {
        Map<String, Recovery> agents = reportedOnce(90, 120); // node3 records node2, sets the scores
        clock.addAndGet(2000);
        agents.get("node2").tick();
        assertEquals(Phase.ELECTED, agents.get("node2").phase(), agents.get("node2").reason());
        int writes = cluster.scoreBatches.size();
        // One ordering of attrd's delayed writes (a removal landing after the recorder's 1000) leaves no score.
        cluster.scores.remove("node2");
        clock.addAndGet(1000);
        agents.get("node2").tick();
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node2"),
                "an ELECTED node without its score is never promoted: " + cluster.scoreBatches);
        assertEquals(writes + 1, cluster.scoreBatches.size(), cluster.scoreBatches.toString());
        assertTrue(agents.get("node2").history().stream().anyMatch(h -> h.contains("promotion score 1000 is not in the CIB")),
                agents.get("node2").history().toString());
    }

    @Test
    void theWinnersAgentLeavesANodeAheadOfItOrFromAnotherHistoryToItsOwnAgent() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery node1 = agent("node1", 150);
        Recovery node2 = agent("node2", 146);
        Recovery node3 = agent("node3", 120);
        Files.writeString(dir.resolve("node3/data/grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid: "
                + "11111111-2222-3333-4444-555555555555\nseqno: 4000\nsafe_to_bootstrap: 0\n");
        List.of(node1, node2, node3).forEach(Recovery::tick);
        // Mixed histories: nobody is elected by the rules. An operator forces node2, below node1.
        cluster.sets.put(BootstrapRecord.SET_ID, new BootstrapRecord("node2", new Position(H, 146),
                clock.get(), true, "node2").encode());
        clock.addAndGet(1000);
        node2.tick();
        assertEquals(Phase.ELECTED, node2.phase(), node2.reason());
        assertEquals(Map.of("node2", Recovery.SCORE_BOOTSTRAP), cluster.scores,
                "node1 is ahead (it waits for the epoch) and node3 is of another history (its agent discards first)");
    }

    /** As {@link #agent}, but Pacemaker has not started the resource on this node (yet). */
    Recovery notStarted(String node, long seqno) throws IOException {
        Recovery r = agent(node, seqno);
        r.managedState().release();
        return r;
    }

    @Test
    void aNodePacemakerHasNotStartedPublishesItsPositionSoTheOthersNeedNotWaitTheWindow() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery node1 = agent("node1", 90);
        Recovery node2 = agent("node2", 146);
        Recovery node3 = notStarted("node3", 120);
        node3.tick();
        assertEquals(Phase.OBSERVING, node3.phase());
        assertTrue(cluster.attributes.get("node3").contains("unfit=NOT_STARTED"), cluster.attributes.toString());
        node1.tick();
        node2.tick();
        // All three reported, inside the window: decided at once, and node3 is started and promoted with the others.
        assertEquals(Phase.ELECTED, node2.phase(), node2.reason());
        assertEquals(Map.of("node1", Recovery.SCORE_JOIN, "node2", Recovery.SCORE_BOOTSTRAP, "node3", Recovery.SCORE_JOIN),
                cluster.scores);
        node3.tick();
        assertEquals(Phase.OBSERVING, node3.phase(), "an unstarted node never decides or records anything");
        assertEquals(1, cluster.creates.size(), cluster.creates.toString());
    }

    @Test
    void aNodePacemakerHasNotStartedIsWaitedForWhenItIsAheadButNeverElected() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery node1 = agent("node1", 90);
        Recovery node2 = agent("node2", 146);
        Recovery node3 = notStarted("node3", 150);
        List.of(node3, node1, node2).forEach(Recovery::tick);
        clock.addAndGet(60_000); // long after the window
        List.of(node3, node1, node2).forEach(Recovery::tick);
        assertEquals(Phase.WAITING, node2.phase(), node2.reason());
        assertTrue(node2.reason().contains("Pacemaker to start the resource on node3"), node2.reason());
        assertTrue(cluster.creates.isEmpty(), "nothing is bootstrapped over a node that is ahead: " + cluster.creates);
        assertEquals(Map.of(), cluster.scores);
        // Pacemaker starts it: it is elected.
        node3.managedState().manage("galera");
        List.of(node3, node1, node2, node3).forEach(Recovery::tick);
        assertEquals(Phase.ELECTED, node3.phase(), node3.reason());
    }

    @Test
    void attributesWipedByAMembershipBlipArePublishedAndTheScoreSetAgain() throws IOException {
        Map<String, Recovery> agents = electedNode2(90, 120);
        Recovery node1 = agents.get("node1");
        node1.tick();
        assertEquals(Phase.JOIN_READY, node1.phase(), node1.reason());
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"));
        // node1 left the membership for a moment: Pacemaker dropped its transient attributes, score included.
        cluster.attributes.remove("node1");
        cluster.scores.remove("node1");
        clock.addAndGet(3_000);
        node1.tick();
        assertTrue(cluster.attributes.containsKey("node1"), "position published again");
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"), "score set again, or Pacemaker never promotes it");
        assertTrue(node1.history().stream().anyMatch(h -> h.contains("attributes are gone")), node1.history().toString());
    }

    @Test
    void othersStartAlongsideOnceTheWinnersMariadbdHasStarted() throws IOException {
        Recovery node1 = reportedOnce(90, 120).get("node1");
        clock.addAndGet(1000);
        // No score to be seen (Pacemaker lost it, say), but node2's attribute says its mariadbd started.
        cluster.attributes.put("node2", cluster.attributes.get("node2").replace("state=STOPPED", "state=STARTING"));
        node1.tick();
        assertEquals(Phase.JOIN_READY, node1.phase(), node1.reason());
        assertTrue(node1.reason().contains("(mariadbd started)"), node1.reason());
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"));
    }

    @Test
    void aJoinMovesGvwstateAsideSoThatPcRecoveryCannotRestoreAnOldView() throws IOException {
        Recovery node1 = electedNode2(90, 120).get("node1");
        Path gvwstate = dir.resolve("node1/data/gvwstate.dat");
        String saved = "my_uuid: 4aa8e05f-e95b-11f1-aba1-aaf50def8d5e\nview_id: 3 03c5a1d6-e95d-11f1-b484-d6cf730a823a 28\n";
        Files.writeString(gvwstate, saved);
        cluster.attributes.put("node2", cluster.attributes.get("node2").replace("state=STOPPED", "state=STARTING"));

        String outcome = new RecoveryActions(node1).promote();

        // ServerControl has no defaults file here, so the start itself is refused after the move.
        assertTrue(outcome.contains("cannot start mariadbd"), outcome);
        assertTrue(Files.notExists(gvwstate), "gvwstate.dat must be out of the datadir before a join");
        try (var aside = Files.walk(dir.resolve("node1/aside"))) {
            List<Path> moved = aside.filter(p -> p.getFileName().toString().equals("gvwstate.dat")).toList();
            assertEquals(1, moved.size(), moved.toString());
            assertTrue(moved.get(0).getParent().getFileName().toString().startsWith("join-"), moved.toString());
            assertEquals(saved, Files.readString(moved.get(0)), "moved, never rewritten or deleted");
        }
    }

    @Test
    void aMinorityPartitionNeverRecordsAnything() throws IOException {
        cluster.partition = List.of("node3");
        cluster.quorate = false;
        Recovery lonely = agent("node3", 500);
        for (int i = 0; i < 100; i++) {
            lonely.tick();
            clock.addAndGet(1000);
        }
        assertTrue(cluster.creates.isEmpty(), cluster.creates.toString());
        assertEquals(Phase.WAITING, lonely.phase());
        assertTrue(cluster.scores.isEmpty());
    }

    @Test
    void withOneMissingTheMajorityWaitsForTheWindowThenElects() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        Recovery b = agent("node2", 80);
        a.tick();
        b.tick();
        a.tick();
        assertTrue(cluster.creates.isEmpty(), "decided before the window ended");
        assertTrue(a.windowRemainingMs() > 0, "window " + a.windowRemainingMs());
        clock.addAndGet(31_000);
        b.tick();
        a.tick();
        assertEquals(1, cluster.creates.size(), cluster.creates.toString());
        assertTrue(cluster.creates.get(0).startsWith("node2:node1|" + H + ":90|"), cluster.creates.toString());
        assertEquals(Phase.ELECTED, a.phase());
    }

    @Test
    void aForcedBootstrapNamesTheLossAndReplacesTheRecord() throws IOException {
        cluster.partition = List.of("node1", "node2");
        Recovery a = agent("node1", 90);
        Recovery b = agent("node2", 130);
        a.tick();
        b.tick();
        RecoveryActions actions = new RecoveryActions(a);
        assertTrue(actions.forceBootstrap("node9").startsWith("refused: the confirmation 'node9'"));
        String forced = actions.forceBootstrap("node1");
        assertTrue(forced.startsWith("ok: forced bootstrap of node1 from " + H + ":90"), forced);
        assertTrue(forced.contains("node2 is ahead at " + H + ":130: 40 transactions (seqno 91..130)"), forced);
        assertTrue(cluster.sets.get(BootstrapRecord.SET_ID).contains("|forced|node1"), cluster.sets.toString());
        b.tick();
        // node1's agent set its bootstrap score with the forced record, but node2 is ahead of it: it must not
        // start alongside (it waits for the Primary and its epoch, which tell it to discard first).
        assertEquals(Recovery.SCORE_BOOTSTRAP, cluster.scores.get("node1"));
        assertEquals(Phase.WAITING, b.phase(), b.reason());
        assertTrue(Files.readString(dir.resolve("node1/audit.log")).contains("\"action\":\"forceBootstrap\""));
    }

    @Test
    void aForcedBootstrapThatLosesTheRaceToAnElectionSaysSoAndChangesNothing() throws IOException {
        List<Recovery> up = inPartitionOfThree(90, 130, 120);
        Recovery a = up.get(0);
        a.tick();
        up.get(1).tick();
        cluster.afterDelete.put("node1", up.get(2)::tick); // node3 sees all three and records node2, between the two writes
        String forced = new RecoveryActions(a).forceBootstrap("node1");
        assertTrue(forced.startsWith("refused: a decision was recorded at the same moment (node2 from " + H + ":130"), forced);
        assertTrue(cluster.sets.get(BootstrapRecord.SET_ID).startsWith("node2|"), cluster.sets.toString());
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node1"), "node1 joins node2, as the election says: " + cluster.scores);
    }

    @Test
    void discardMovesTheStateAsideAndNeverDeletes() throws IOException {
        cluster.partition = List.of("node1");
        Recovery a = agent("node1", 90);
        Files.writeString(dir.resolve("node1/data/galera.cache"), "write-sets");
        RecoveryActions actions = new RecoveryActions(a);
        assertTrue(actions.discardStaleState("nodeX").startsWith("refused"));
        assertTrue(Files.exists(dir.resolve("node1/data/grastate.dat")), "a refused discard touched the state");
        String out = actions.discardStaleState("node1");
        assertTrue(out.startsWith("ok: discarded position " + H + ":90"), out);
        assertTrue(!Files.exists(dir.resolve("node1/data/grastate.dat")));
        try (var files = Files.walk(dir.resolve("node1/aside"))) {
            List<String> kept = files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
            assertEquals(2, kept.size(), kept.toString());
            assertTrue(kept.get(0).matches("node1/aside/discarded-[0-9T-]+/galera.cache"), kept.toString());
            assertTrue(kept.get(1).matches("node1/aside/discarded-[0-9T-]+/grastate.dat"), kept.toString());
        }
        assertTrue(Files.readString(dir.resolve("node1/aside").toFile().listFiles()[0].toPath().resolve("grastate.dat")).contains("seqno: 90"));
    }

    static String primaryAttribute(long seqno) {
        return "pos=" + H + ":" + seqno + ";safe=0;unfit=;at=1;state=PRIMARY";
    }

    @Test
    void aStartAnswersAtOnceAndLeavesTheTickToTheRecoveryThread() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        a.managedState().release();
        java.util.List<String> ticks = new java.util.ArrayList<>();
        Path file = dir.resolve("node1/ocf-status");
        RecoveryActions actions = new RecoveryActions(a, file, r -> ticks.add("tick"));

        String outcome = actions.prepare("galera");
        assertTrue(outcome.startsWith("ok: managing galera"), outcome);
        assertEquals(List.of("tick"), ticks, "one tick asked for, on the recovery thread");
        assertTrue(cluster.attributes.isEmpty(), "no Pacemaker call in the start itself: " + cluster.attributes);
        assertTrue(Files.readString(file).startsWith(RecoveryActions.OCF_SUCCESS + " "),
                "a monitor right after the start must see it started: " + Files.readString(file));

        a.tick(); // what the recovery thread then runs
        assertTrue(cluster.attributes.containsKey("node1"), "the tick publishes the position");
        assertEquals(Phase.WAITING, a.phase(), a.reason());
    }

    @Test
    void aMemberThatJustLeftCleanlyIsNeverDiscarded() throws IOException {
        // node3's published seqno lags behind its writes; node1 stopped cleanly one transaction "ahead" of it.
        cluster.partition = List.of("node1", "node3");
        cluster.attributes.put("node3", primaryAttribute(301));
        Epoch e0 = new Epoch(org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> galera.agent.election.Position.parse(H + ":16")), 1, "node2");
        cluster.sets.put(Epoch.SET_ID, e0.encode());
        Recovery a = agent("node1", 302);
        e0.store(dir.resolve("node1/epoch"));
        a.tick();
        assertEquals(Phase.JOIN_READY, a.phase(), a.reason());
        assertTrue(Files.exists(dir.resolve("node1/data/grastate.dat")), "a member of the running history was discarded");
    }

    @Test
    void aNodeMissingAtTheBootstrapComesBackDivergedAndIsDiscarded() throws IOException {
        cluster.partition = List.of("node2", "node3");
        cluster.attributes.put("node2", primaryAttribute(900));
        cluster.sets.put(Epoch.SET_ID, "" + H + ":302|1795654125606|node2");
        Recovery c = agent("node3", 322);
        c.tick();
        assertEquals(Phase.JOIN_READY, c.phase(), c.reason());
        assertTrue(!Files.exists(dir.resolve("node3/data/grastate.dat")), "the diverged state was kept");
        String audit = Files.readString(dir.resolve("node3/audit.log"));
        assertTrue(audit.contains("its transactions 303..322 (20) are not in the running history"), audit);
        assertTrue(audit.contains("\"who\":\"agent\",\"action\":\"discardStaleState\""), "the agent's own discard: " + audit);
    }

    /** node3 at 322 comes back after node2 bootstrapped from 302 without it, and its agent has not ticked yet. */
    Recovery divergedNode3() throws IOException {
        cluster.partition = List.of("node2", "node3");
        cluster.attributes.put("node2", primaryAttribute(900));
        cluster.sets.put(Epoch.SET_ID, "" + H + ":302|1795654125606|node2");
        return agent("node3", 322);
    }

    static long lines(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void aFailedAutomaticDiscardHoldsTheNodeAndIsNotRetriedByItself() throws IOException {
        Recovery c = divergedNode3();
        Files.writeString(dir.resolve("node3/aside"), "a file where the aside directory belongs");
        c.tick();
        assertEquals(Phase.HELD, c.phase(), c.reason());
        assertTrue(c.reason().contains("the automatic discard failed"), c.reason());
        assertTrue(Files.readString(dir.resolve("node3/data/grastate.dat")).contains("seqno: 322"), "the state was touched");
        assertTrue(cluster.scores.get("node3") == null, "a stale node must not be promoted: " + cluster.scores);
        clock.addAndGet(1000);
        c.tick();
        assertEquals(Phase.HELD, c.phase(), c.reason());
        String audit = Files.readString(dir.resolve("node3/audit.log"));
        assertEquals(1, lines(audit, "could not move the state of position " + H + ":322 aside"), audit);

        Files.delete(dir.resolve("node3/aside"));
        String out = new RecoveryActions(c).discardStaleState("node3");
        assertTrue(out.startsWith("ok: discarded position " + H + ":322"), out);
        assertEquals(Phase.JOIN_READY, c.phase(), c.reason());
        assertEquals(Recovery.SCORE_JOIN, cluster.scores.get("node3"));
    }

    @Test
    void anOperatorsDiscardThatFailsSaysSoAndTheNodeStaysHeld() throws IOException {
        lateNodeDiscard = false;
        Recovery c = divergedNode3();
        Files.writeString(dir.resolve("node3/aside"), "blocks the move");
        String out = new RecoveryActions(c).discardStaleState("node3");
        assertTrue(out.startsWith("failed: could not move the state of position " + H + ":322 aside"), out);
        assertTrue(out.endsWith("nothing was moved"), out);
        assertTrue(Files.exists(dir.resolve("node3/data/grastate.dat")));
        assertEquals(Phase.HELD, c.phase(), c.reason());
        assertTrue(c.reason().contains("discard of its stale state failed"), c.reason());
    }

    @Test
    void aDiscardThatFailsHalfWayHoldsTheNodeEvenIfItNoLongerLooksStale() throws IOException {
        moveFailsAfterFirstFile = true;
        Recovery c = divergedNode3();
        Files.writeString(dir.resolve("node3/data/galera.cache"), "this node's own write-sets");
        Files.writeString(dir.resolve("node3/data/gvwstate.dat"), "my_uuid: 1\n");
        c.tick();
        assertEquals(Phase.HELD, c.phase(), c.reason());
        assertTrue(c.reason().contains("already moved aside: [") && c.reason().contains("galera.cache]"), c.reason());
        assertTrue(Files.exists(dir.resolve("node3/data/grastate.dat")), "grastate.dat goes last");
        // Even with the position gone (an operator moved grastate.dat by hand), nothing joins before a discard works.
        Files.move(dir.resolve("node3/data/grastate.dat"), dir.resolve("node3/grastate.dat.by-hand"));
        clock.addAndGet(1000);
        c.tick();
        assertEquals(Phase.HELD, c.phase(), c.reason());
        assertTrue(cluster.scores.get("node3") == null, cluster.scores.toString());
    }

    @Test
    void lateNodeHoldKeepsTheStateAndWaitsForAnOperator() throws IOException {
        lateNodeDiscard = false;
        Recovery c = divergedNode3();
        c.tick();
        assertEquals(Phase.HELD, c.phase(), c.reason());
        assertTrue(c.reason().contains("lateNode=hold") && c.reason().contains("303..322"), c.reason());
        clock.addAndGet(1000);
        c.tick();
        assertEquals(Phase.HELD, c.phase(), "held until an operator acts, not by time");
        assertTrue(Files.readString(dir.resolve("node3/data/grastate.dat")).contains("seqno: 322"));
        assertTrue(cluster.scores.get("node3") == null, cluster.scores.toString());
        assertEquals(0, lines(Files.readString(dir.resolve("node3/audit.log")), "discardStaleState"));
        assertTrue(new RecoveryActions(c).join().startsWith("refused: phase HELD"), "join() must not bypass the hold");

        String out = new RecoveryActions(c).discardStaleState("node3");
        assertTrue(out.startsWith("ok: discarded position " + H + ":322"), out);
        assertEquals(Phase.JOIN_READY, c.phase(), c.reason());
    }

    @Test
    void everyNewDecisionIsAuditedAndToldToListenersButNotTheCountdown() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        List<String> told = new java.util.ArrayList<>();
        a.addDecisionListener((from, to, at) -> told.add((from == null ? "-" : Recovery.kind(from)) + ">" + Recovery.kind(to)));
        for (int i = 0; i < 5; i++) {
            a.tick();
            clock.addAndGet(1000);
        }
        assertEquals(List.of("->WAIT"), told);
        agent("node2", 146).tick(); // node2 reports: node1 still waits, now for node3 only
        a.tick();
        assertEquals(List.of("->WAIT", "WAIT>WAIT"), told, "another node missing is a new decision");
        agent("node3", 120).tick();
        clock.addAndGet(1000);
        a.tick();
        assertEquals(List.of("->WAIT", "WAIT>WAIT", "WAIT>BOOTSTRAP"), told);
        String audit = Files.readString(dir.resolve("node1/audit.log"));
        assertEquals(3, lines(audit, "\"who\":\"agent\",\"action\":\"decision\",\"outcome\":\""), audit);
        assertTrue(audit.contains("\"action\":\"decision\",\"outcome\":\"BOOTSTRAP: Bootstrap node2 at " + H + ":146"), audit);
        // Made during the OCF script's call (a probe or promote runs the same evaluation): still the agent's.
        agent("node2", 146).tick();
        Recovery c = agent("node3", 200);
        galera.agent.audit.Caller.runAs("jolokia:operator@10.77.0.3", c::tick);
        String audit3 = Files.readString(dir.resolve("node3/audit.log"));
        assertTrue(audit3.contains("\"who\":\"agent, in a call by jolokia:operator@10.77.0.3\",\"action\":\"decision\""), audit3);
    }

    @Test
    void bootstrapAndJoinOperationsActOnlyInTheirPhase() throws IOException {
        Map<String, Recovery> agents = electedNode2(90, 120);
        assertTrue(new RecoveryActions(agents.get("node1")).bootstrap().startsWith("refused: this node is not the elected one"));
        assertTrue(new RecoveryActions(agents.get("node2")).bootstrap().startsWith("ok: this node is elected"));
        assertTrue(new RecoveryActions(agents.get("node2")).join().startsWith("refused: phase ELECTED"));
        assertEquals(Phase.JOIN_READY, agents.get("node1").phase(), "node1 joins alongside node2's bootstrap");
        assertTrue(new RecoveryActions(agents.get("node1")).join().startsWith("ok: a Primary Component exists"));
        String audit = Files.readString(dir.resolve("node1/audit.log"));
        assertTrue(audit.contains("\"action\":\"bootstrap\",\"outcome\":\"refused"), audit);
    }

    @Test
    void planRecoveryIsADryRunOfTheLastLook() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        RecoveryActions actions = new RecoveryActions(a);
        assertTrue(actions.planRecovery().startsWith("no election in progress"), actions.planRecovery());
        a.tick();
        agent("node2", 146).tick();
        clock.addAndGet(700);
        int writes = cluster.publishes.size() + cluster.creates.size() + cluster.scores.size();
        String plan = actions.planRecovery();
        assertTrue(plan.startsWith("as of this node's look 700 ms ago: decision: WAIT"), plan);
        assertTrue(plan.contains("missing: [node2, node3]"), "node2's report came after the look: " + plan);
        assertEquals(writes, cluster.publishes.size() + cluster.creates.size() + cluster.scores.size(), "a dry run wrote");
        a.tick();
        plan = actions.planRecovery();
        assertTrue(plan.contains("would win: node2 at " + H + ":146") && plan.contains("missing: [node3]"), plan);
        a.managedState().release(); // Pacemaker stopped the resource here: no election is this node's concern
        a.tick();
        assertTrue(actions.planRecovery().startsWith("no election in progress: phase OBSERVING"), actions.planRecovery());
    }

    @Test
    void theElectionMBeanShowsThePeersAsATableJConsoleCanRead() throws Exception {
        Map<String, Recovery> agents = reportedOnce(90, 120);
        clock.addAndGet(3_500);
        javax.management.MBeanServer mbs = javax.management.MBeanServerFactory.newMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("galera:type=Election");
        Recovery node3 = agents.get("node3");
        mbs.registerMBean(new galera.agent.jmx.DescribedMBean<>(new galera.agent.jmx.ElectionView(node3,
                new RecoveryActions(node3)), galera.agent.jmx.ElectionMXBean.class, name), name);
        javax.management.openmbean.CompositeData[] rows =
                (javax.management.openmbean.CompositeData[]) mbs.getAttribute(name, "PeersTable");
        assertEquals(List.of("node1", "node2", "node3"), java.util.Arrays.stream(rows).map(r -> r.get("node")).toList());
        javax.management.openmbean.CompositeData node2 = rows[1];
        assertEquals(H + ":146", node2.get("position"));
        assertEquals(146L, node2.get("seqno"));
        assertEquals(false, node2.get("safeToBootstrap"));
        assertEquals("fit", node2.get("fitness"));
        assertEquals("STOPPED", node2.get("state"));
        assertEquals(java.time.Instant.ofEpochMilli(clock.get() - 3_500).toString(), node2.get("reportedAt"));
        assertEquals(3L, node2.get("ageSeconds"));
    }

    @Test
    void theElectionMBeanNotifiesEveryPhaseChangeAndNewDecision() throws Exception {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        javax.management.MBeanServer mbs = javax.management.MBeanServerFactory.newMBeanServer();
        javax.management.ObjectName name = new javax.management.ObjectName("galera:type=Election");
        var election = new galera.agent.jmx.DescribedMBean<>(new galera.agent.jmx.ElectionView(a, new RecoveryActions(a)),
                galera.agent.jmx.ElectionMXBean.class, name);
        mbs.registerMBean(election, name);
        galera.agent.jmx.ElectionView.sendNotifications(a, election);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        mbs.addNotificationListener(name, (n, hb) -> {
            var c = (javax.management.AttributeChangeNotification) n;
            String v = String.valueOf(c.getNewValue());
            seen.add(c.getAttributeName() + "=" + (c.getAttributeName().equals("DecisionReason") ? v.substring(0, 22) : v));
        }, null, null);
        for (int i = 0; i < 3; i++) {
            a.tick();
            clock.addAndGet(1000);
        }
        agent("node2", 146).tick();
        agent("node3", 120).tick();
        a.tick();
        // The decision first, then the phase it leads to; the window's countdown in between sends nothing.
        assertEquals(List.of("Decision=WAIT", "DecisionReason=Waiting for node2, nod", "Phase=WAITING",
                "Decision=BOOTSTRAP", "DecisionReason=Bootstrap node2 at f85", "Phase=JOIN_READY"), seen);
    }

    @Test
    void aLongDcDeadtimeIsWarnedAboutOnceAShortOneNot() throws IOException {
        assertTrue(Recovery.dcDeadtimeWarning(Optional.empty()).orElse("").contains("not set (default 20s)"));
        for (String slow : List.of("20s", "20", "20000ms", "1min", "10 sec", "30S", "2 minutes", "10.5s",
                "99999999999999999999s", "9223372036854775807h")) {
            assertTrue(Recovery.dcDeadtimeWarning(Optional.of(slow)).isPresent(), slow);
        }
        for (String quick : List.of("2s", "5", "9999ms", "500msec", "9.9s", "PT20S", "20 fortnights")) { // the last two: not read
            assertTrue(Recovery.dcDeadtimeWarning(Optional.of(quick)).isEmpty(), quick);
        }
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        a.tick();
        a.tick();
        assertEquals(1, a.history().stream().filter(l -> l.contains("dc-deadtime is not set (default 20s)")).count(),
                a.history().toString());
        cluster.sets.put(Recovery.CLUSTER_OPTIONS, "2s");
        Recovery b = agent("node2", 146);
        b.tick();
        assertTrue(b.history().stream().noneMatch(l -> l.contains("dc-deadtime")), b.history().toString());
    }

    @Test
    void theStatusFileSaysWhatTheMonitorWouldSay() throws IOException {
        cluster.partition = List.of("node1");
        Recovery a = agent("node1", 90);
        RecoveryActions actions = new RecoveryActions(a);
        Path file = dir.resolve("node1/ocf-status");
        actions.writeStatusFile(file, clock.get());
        assertEquals("0 " + clock.get() / 1000 + "\n", Files.readString(file), "managed and stopped: unpromoted");
        a.managedState().release();
        actions.writeStatusFile(file, clock.get());
        assertEquals("7 " + clock.get() / 1000 + "\n", Files.readString(file), "not managed: not running");
    }

    @Test
    void everyActionRefreshesTheStatusFileBeforeItAnswers() throws IOException {
        cluster.partition = List.of("node1");
        Recovery a = agent("node1", 90);
        Path file = dir.resolve("node1/ocf-status");
        RecoveryActions actions = new RecoveryActions(a, file);
        assertTrue(actions.demote().startsWith("ok:"));
        assertTrue(Files.readString(file).startsWith("0 "), Files.readString(file));
        assertTrue(actions.release().startsWith("ok:"));
        assertTrue(Files.readString(file).startsWith("7 "), "after release: " + Files.readString(file));
    }

    @Test
    void waitingIsOneHistoryEventNotOnePerTick() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        for (int i = 0; i < 10; i++) {
            a.tick();
            clock.addAndGet(1000);
        }
        long decisions = a.history().stream().filter(l -> l.contains(" decision: ")).count();
        assertEquals(1, decisions, "the window countdown is not a new decision: " + a.history());
        assertTrue(a.windowRemainingMs() > 0);
    }

    @Test
    void aStopForQuorumLossIsResumedByTheNextProbeWithQuorum() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        RecoveryActions actions = new RecoveryActions(a);
        cluster.quorate = false; // the last survivor: the others are gone, Pacemaker stops the resource here
        String answer = actions.release();
        assertTrue(answer.startsWith("ok:") && answer.contains("no quorum"), answer);
        assertFalse(a.managedState().managed());
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"), "a probe without quorum resumes nothing");
        assertFalse(a.managedState().managed());

        cluster.quorate = true; // power is back everywhere
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.monitor("galera"), "only a probe resumes");
        assertFalse(a.managedState().managed());
        assertEquals(RecoveryActions.OCF_SUCCESS, actions.probe("galera"), "resumed: running, unpromoted");
        assertTrue(a.managedState().managed());
        assertEquals("galera", a.managedState().resource());
        assertTrue(Files.readString(dir.resolve("node1/audit.log")).contains("\"action\":\"resume\""));
        assertTrue(a.history().stream().anyMatch(l -> l.contains("after stopping it here for quorum loss")), a.history().toString());
        assertFalse(Files.exists(dir.resolve("node1/managed.quorum-lost")), "resumed once");
        // Resumed, it takes part as a started node: its report is no longer flagged NOT_STARTED.
        assertTrue(cluster.attributes.get("node1") != null && !cluster.attributes.get("node1").contains("NOT_STARTED"),
                cluster.attributes.toString());
    }

    /**
     * The waiting survivor's tick asks whether it may be resumed, so that Pacemaker's probe, on the path to the first
     * promotion, need not ask again: a recent yes is taken, an old one or a no is asked afresh. The ticks ask only
     * until the first probe, and only in the agent's first two minutes.
     */
    @Test
    void theProbeTakesTheTicksRecentResumeCheckAndAsksAgainOtherwise() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        cluster.quorate = false;
        assertTrue(new RecoveryActions(agent("node1", 90)).release().startsWith("ok:"));
        cluster.quorate = true;

        Recovery a = agent("node1", 90, false); // the power cut: a new agent on the same state directory
        RecoveryActions actions = new RecoveryActions(a);
        int n = cluster.resumeChecks;
        actions.periodicTick();
        assertEquals(n + 1, cluster.resumeChecks, "the waiting node's periodic tick asks");
        clock.addAndGet(Recovery.RECENT_RESUME_CHECK_MS);
        assertEquals(RecoveryActions.OCF_SUCCESS, actions.probe("galera"), "resumed");
        assertEquals(n + 1, cluster.resumeChecks, "on the tick's answer");
        assertTrue(a.history().stream().anyMatch(h -> h.contains("as this node's tick read them 3000 ms before")), a.history().toString());

        cluster.quorate = false; // again, and this time the tick's answer is too old when the probe comes
        assertTrue(actions.release().startsWith("ok:"));
        cluster.quorate = true;
        Recovery b = agent("node1", 90, false);
        actions = new RecoveryActions(b);
        actions.periodicTick();
        clock.addAndGet(Recovery.RECENT_RESUME_CHECK_MS + 1);
        cluster.standby.add("node1"); // since the tick
        n = cluster.resumeChecks;
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"), "asked again: now in standby");
        assertEquals(n + 1, cluster.resumeChecks);
        actions.periodicTick();
        assertEquals(n + 1, cluster.resumeChecks, "after a probe, the ticks no longer ask");

        Recovery c = agent("node1", 90, false); // a no at the tick is asked again at the probe
        actions = new RecoveryActions(c);
        actions.periodicTick();
        cluster.standby.clear();
        n = cluster.resumeChecks;
        assertEquals(RecoveryActions.OCF_SUCCESS, actions.probe("galera"), "the standby was cleared since the tick");
        assertEquals(n + 1, cluster.resumeChecks);
    }

    @Test
    void aSurvivorThatNoProbeComesForIsAskedAboutOnlyInTheAgentsFirstTwoMinutes() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        cluster.quorate = false;
        assertTrue(new RecoveryActions(agent("node1", 90)).release().startsWith("ok:"));
        Recovery a = agent("node1", 90, false);
        RecoveryActions actions = new RecoveryActions(a);
        int n = cluster.resumeChecks;
        actions.periodicTick();
        clock.addAndGet(Recovery.RESUME_CHECKS_FOR_MS);
        actions.periodicTick();
        assertEquals(n + 2, cluster.resumeChecks);
        clock.addAndGet(1);
        actions.periodicTick();
        assertEquals(n + 2, cluster.resumeChecks, "no more after two minutes");
    }

    @Test
    void theStopForQuorumLossOutlivesAnAgentRestart() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery before = agent("node1", 90);
        cluster.quorate = false;
        assertTrue(new RecoveryActions(before).release().startsWith("ok:"));
        cluster.quorate = true;
        // The power cut: a new agent on the same state directory.
        Recovery restarted = agent("node1", 90, false);
        RecoveryActions actions = new RecoveryActions(restarted);
        assertFalse(restarted.managedState().managed());
        assertEquals(java.util.Optional.of("galera"), restarted.managedState().stoppedForQuorumLoss());
        assertEquals(RecoveryActions.OCF_SUCCESS, actions.probe("galera"));
        assertTrue(restarted.managedState().managed());
    }

    @Test
    void onlyAStopForQuorumLossIsResumedAndNeverIntoStandby() throws IOException {
        cluster.partition = List.of("node1", "node2", "node3");
        Recovery a = agent("node1", 90);
        RecoveryActions actions = new RecoveryActions(a);
        assertTrue(actions.release().startsWith("ok:")); // with quorum: standby, a ban, a disable
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"));
        assertFalse(a.managedState().managed(), "a stop with quorum stays a stop");

        assertTrue(actions.prepare("galera").startsWith("ok:"));
        cluster.quorumUnanswered = true; // Pacemaker cannot say: not a "yes"
        assertTrue(actions.release().startsWith("ok:"));
        cluster.quorumUnanswered = false;
        assertFalse(Files.exists(dir.resolve("node1/managed.quorum-lost")), "an unanswered question is not a quorum loss");

        assertTrue(actions.prepare("galera").startsWith("ok:"));
        cluster.quorate = false;
        cluster.noQuorumPolicy = "freeze"; // Pacemaker does not stop for quorum loss: this stop was asked for
        assertTrue(actions.release().startsWith("ok:"));
        assertFalse(Files.exists(dir.resolve("node1/managed.quorum-lost")), "no-quorum-policy=freeze");
        cluster.noQuorumPolicy = "stop";

        assertTrue(actions.prepare("galera").startsWith("ok:"));
        assertTrue(actions.release().startsWith("ok:"));
        assertTrue(Files.exists(dir.resolve("node1/managed.quorum-lost")));
        cluster.quorate = true;
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("other"), "another resource's probe");
        cluster.quorumUnanswered = true;
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"), "quorum unknown at the probe");
        cluster.quorumUnanswered = false;
        cluster.standby.add("node1"); // put in standby while it was down
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"), "never resumed into standby");
        assertFalse(a.managedState().managed());
        assertTrue(a.history().stream().anyMatch(h -> h.contains("not taking it back by itself: node node1 is in standby")),
                a.history().toString());
        cluster.standby.clear();
        assertTrue(actions.prepare("galera").startsWith("ok:"), "Pacemaker started it itself");
        assertFalse(Files.exists(dir.resolve("node1/managed.quorum-lost")), "a start clears the stop for quorum loss");
        assertTrue(actions.release().startsWith("ok:"));
        assertEquals(RecoveryActions.OCF_NOT_RUNNING, actions.probe("galera"), "the later stop had quorum");
    }
    /**
     * A joiner that stops after it ran (Galera failed its IST, and the agent stopped it for Pacemaker to start
     * again): the position recovered at power-up no longer describes its datadir. The next stopped tick recovers
     * afresh, and publishes that. A fake mariadbd answers 90 at its first --wsrep-recover and 95 after.
     */
    @Test
    void aPositionRecoveredBeforeMariadbdRanIsRecoveredAgainWhenItStops() throws Exception {
        Path d = dir.resolve("node1");
        Path data = Files.createDirectories(d.resolve("data"));
        Files.writeString(data.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid: " + H
                + "\nseqno: -1\nsafe_to_bootstrap: 0\n");
        Path runs = d.resolve("runs");
        Path fake = d.resolve("mariadbd");
        Files.writeString(fake, String.join("\n", "#!/bin/bash",
                "for a in \"$@\"; do case \"$a\" in --log-error=*) log=\"${a#--log-error=}\" ;; esac; done",
                "echo run >> '" + runs + "'",
                "seq=$([ \"$(wc -l < '" + runs + "')\" -gt 1 ] && echo 95 || echo 90)",
                "echo \"2026-11-26 0 [Note] WSREP: Recovered position: " + H + ":$seq\" >> \"$log\"", ""));
        Files.setPosixFilePermissions(fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path proc = Files.createDirectories(d.resolve("proc"));
        MariadbdProcess processes = new MariadbdProcess(proc);
        String cnf = d.resolve("my.cnf").toString();
        PositionTracker positions = new PositionTracker(data, cnf, NodeStatus::notYetPolled, processes,
                new WsrepRecover(fake, data, cnf, d.resolve("recover"), 10_000), clock::get);
        ManagedState managed = new ManagedState(d.resolve("managed"));
        managed.manage("galera");
        Recovery a = new Recovery(new Recovery.Settings("node1", NODES, new Policy(30_000, 2, 3), true, "galera-agent",
                d.resolve("epoch")), cluster.as("node1"), positions, NodeStatus::notYetPolled,
                new ServerControl(Path.of("/usr/sbin/mariadbd"), cnf, data, d, processes, 1000),
                new LateNodeWatch(Optional.empty()), new Audit(d.resolve("audit.log"), "node1", clock::get), clock::get, managed);

        a.tick(); // after the power cut: recovered 90
        assertTrue(cluster.attributes.get("node1").contains(H + ":90"), cluster.attributes.toString());
        Path server = Files.createDirectories(proc.resolve("4242")); // Pacemaker's promote: mariadbd runs, joining
        Files.writeString(server.resolve("cmdline"), "/usr/sbin/mariadbd\0--defaults-file=" + cnf + "\0--wsrep-start-position="
                + H + ":90\0");
        Files.writeString(server.resolve("stat"), "4242 (mariadbd) S 1 4242");
        clock.addAndGet(1000);
        a.tick();
        assertEquals(List.of("run"), Files.readAllLines(runs));
        Files.delete(server.resolve("cmdline")); // and it stops again
        Files.delete(server.resolve("stat"));
        Files.delete(server);
        clock.addAndGet(1000);
        a.tick();
        assertEquals(List.of("run", "run"), Files.readAllLines(runs), "the stale position was kept");
        assertTrue(cluster.attributes.get("node1").contains(H + ":95"), cluster.attributes.toString());
    }

    /**
     * A node in the Primary Component under writes: its seqno moves at every tick. Its ticks ask no quorum (no
     * election while it runs), and its report is written again only when something other than the seqno
     * changes, or 30 s on; each write is a CIB update and a scheduler run on the DC.
     */
    @Test
    void aRunningNodeAsksNoQuorumAndRepublishesItsSeqnoOnlyEvery30s() throws Exception {
        cluster.partition = List.of("node1", "node2", "node3");
        Path d = dir.resolve("node1");
        Path data = Files.createDirectories(d.resolve("data"));
        Files.writeString(data.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\nuuid: " + H
                + "\nseqno: -1\nsafe_to_bootstrap: 0\n");
        Path proc = Files.createDirectories(d.resolve("proc"));
        String cnf = d.resolve("my.cnf").toString();
        Path server = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(server.resolve("cmdline"), "/usr/sbin/mariadbd\0--defaults-file=" + cnf + "\0");
        Files.writeString(server.resolve("stat"), "4242 (mariadbd) S 1 4242");
        AtomicLong seqno = new AtomicLong(100);
        java.util.concurrent.atomic.AtomicReference<String> clusterStatus = new java.util.concurrent.atomic.AtomicReference<>("Primary");
        java.util.function.Supplier<NodeStatus> live = () -> new NodeStatus(true, "", clock.get(), 1,
                Map.of("wsrep_cluster_status", clusterStatus.get(), "wsrep_local_state_uuid", H,
                        "wsrep_last_committed", Long.toString(seqno.get()), "wsrep_local_state", "4",
                        "wsrep_local_state_comment", "Synced"), Map.of());
        MariadbdProcess processes = new MariadbdProcess(proc);
        PositionTracker positions = new PositionTracker(data, cnf, live, processes,
                new WsrepRecover(Path.of("/bin/false"), data, cnf, d.resolve("recover"), 1000), clock::get);
        ManagedState managed = new ManagedState(d.resolve("managed"));
        managed.manage("galera");
        Recovery a = new Recovery(new Recovery.Settings("node1", NODES, new Policy(30_000, 2, 3), true, "galera-agent",
                d.resolve("epoch")), cluster.as("node1"), positions, live,
                new ServerControl(Path.of("/usr/sbin/mariadbd"), cnf, data, d, processes, 1000),
                new LateNodeWatch(Optional.empty()), new Audit(d.resolve("audit.log"), "node1", clock::get), clock::get, managed);

        a.tick();
        assertEquals(Phase.RUNNING, a.phase(), a.reason());
        assertEquals(List.of("node1 pos=" + H + ":100"), published(), "the first tick publishes");
        for (int i = 1; i <= 5; i++) { // 25 s of writes, a tick every 5 s
            seqno.addAndGet(20);
            clock.addAndGet(5_000);
            a.tick();
        }
        assertEquals(1, cluster.publishes.size(), "the seqno alone is not written again within 30 s: " + cluster.publishes);
        assertEquals(0, cluster.quorumAsks, "a running node's tick asks no quorum");
        seqno.addAndGet(20);
        clock.addAndGet(5_000);
        a.tick();
        assertEquals(List.of("node1 pos=" + H + ":100", "node1 pos=" + H + ":220"), published(), "30 s on, it is");
        clusterStatus.set("non-Primary"); // a change of state is written at once
        seqno.addAndGet(1);
        clock.addAndGet(1_000);
        a.tick();
        assertEquals(3, cluster.publishes.size(), cluster.publishes.toString());
        assertTrue(cluster.publishes.get(2).endsWith("state=STARTING"), cluster.publishes.toString());
    }

    /** Each write of {@link FakeCluster#publishes}, without its time and state: "node1 pos=uuid:seqno". */
    private List<String> published() {
        return cluster.publishes.stream().map(p -> p.substring(0, p.indexOf(';'))).toList();
    }

    @Test
    void whatIsWrittenAtOnceAndWhatWaits() {
        Position at100 = new Position(H, 100);
        PeerState primary100 = peer(at100, false, PeerState.RunState.PRIMARY);
        PeerState primary150 = peer(new Position(H, 150), false, PeerState.RunState.PRIMARY);
        assertTrue(Recovery.mustPublish(primary100, null, Long.MAX_VALUE), "the first report");
        assertFalse(Recovery.mustPublish(primary100, primary100, 5_000), "nothing changed");
        assertTrue(Recovery.mustPublish(primary100, primary100, Recovery.REPUBLISH_MS), "refreshed every 30 s");
        assertFalse(Recovery.mustPublish(primary150, primary100, 5_000), "a running node's seqno alone waits");
        assertTrue(Recovery.mustPublish(primary150, primary100, Recovery.REPUBLISH_MS), "until 30 s on");
        assertTrue(Recovery.mustPublish(peer(new Position(H, 150), false, PeerState.RunState.STOPPED),
                peer(at100, false, PeerState.RunState.STOPPED), 1_000), "a stopped node's seqno is the election's input");
        assertTrue(Recovery.mustPublish(peer(at100, false, PeerState.RunState.STARTING), primary100, 1_000), "a change of state");
        assertTrue(Recovery.mustPublish(peer(at100, true, PeerState.RunState.PRIMARY), primary100, 1_000), "safe_to_bootstrap");
        assertTrue(Recovery.mustPublish(peer(new Position("0b6d7c9e-e931-11f1-b79b-1f598494ddc0", 150), false,
                PeerState.RunState.PRIMARY), primary100, 1_000), "another history");
        assertTrue(Recovery.mustPublish(primary150, peer(new Position(H, -1), false, PeerState.RunState.PRIMARY), 1_000),
                "a seqno that becomes known");
        assertTrue(Recovery.mustPublish(peer(new Position(H, -1), false, PeerState.RunState.STARTING),
                peer(at100, false, PeerState.RunState.STARTING), 1_000), "a seqno that becomes unknown");
        assertTrue(Recovery.mustPublish(peer(new Position(H, 150), false, PeerState.RunState.STOPPED), primary100, 1_000),
                "a Primary that stops");
        assertTrue(Recovery.mustPublish(new PeerState(new galera.agent.election.NodeReport("node1", at100, false,
                java.util.EnumSet.of(galera.agent.election.Unfitness.PARTIAL_SST), 0), PeerState.RunState.PRIMARY),
                primary100, 1_000), "fitness");
    }

    private static PeerState peer(Position p, boolean safe, PeerState.RunState state) {
        return new PeerState(new galera.agent.election.NodeReport("node1", p, safe, java.util.Set.of(), 0), state);
    }
}
