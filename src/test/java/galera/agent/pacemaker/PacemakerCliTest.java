package galera.agent.pacemaker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one {@code cibadmin --query} a tick reads, parsed. The CIB below is the lab's (Pacemaker 2.1.5), captured
 * during a recovery and cut down, with the cases a live CIB also shows: a node that left the membership but
 * whose status the DC has not cleared yet, a node_state that lists its resource history before its
 * attributes, the timestamp that Pacemaker 2.1.7 and later write into {@code in_ccm}, and a score that is not
 * a number.
 */
class PacemakerCliTest {
    static final String CIB = """
            <cib validate-with="pacemaker-3.9" epoch="23" num_updates="12" admin_epoch="0" have-quorum="1" dc-uuid="3">
              <configuration>
                <crm_config>
                  <cluster_property_set id="cib-bootstrap-options">
                    <nvpair id="cib-bootstrap-options-dc-deadtime" name="dc-deadtime" value="2s"/>
                  </cluster_property_set>
                  <cluster_property_set id="galera-agent-epoch">
                    <nvpair id="galera-agent-epoch-epoch" name="epoch" value="dbaeca31-e98a-11f1-bd6d-67f1a08d0634:789|1795692456511|node2"/>
                  </cluster_property_set>
                  <cluster_property_set id="galera-agent-election">
                    <nvpair id="galera-agent-election-other" name="other" value="x"/>
                    <nvpair id="galera-agent-election-record" name="record" value="node2|a&amp;b&quot;c"/>
                  </cluster_property_set>
                </crm_config>
                <nodes>
                  <node id="1" uname="node1"/>
                  <node id="2" uname="node2"/>
                  <node id="3" uname="node3"/>
                  <node id="4" uname="node4"/>
                </nodes>
                <resources>
                  <primitive id="galera" class="ocf" provider="galera-agent" type="galera">
                    <instance_attributes id="galera-instance_attributes">
                      <nvpair id="galera-instance_attributes-galera-agent" name="galera-agent" value="not a node's"/>
                    </instance_attributes>
                  </primitive>
                </resources>
              </configuration>
              <status>
                <node_state id="3" uname="node3" in_ccm="true" crmd="online" join="member" expected="member">
                  <transient_attributes id="3">
                    <instance_attributes id="status-3">
                      <nvpair id="status-3-galera-agent" name="galera-agent" value="pos=dbaeca31-e98a-11f1-bd6d-67f1a08d0634:882;state=PRIMARY"/>
                      <nvpair id="status-3-.feature-set" name="#feature-set" value="3.16.1"/>
                      <nvpair id="status-3-master-galera" name="master-galera" value="100"/>
                    </instance_attributes>
                  </transient_attributes>
                  <lrm id="3"><lrm_resources/></lrm>
                </node_state>
                <node_state id="2" uname="node2" in_ccm="1795692456" crmd="1795692456" join="member" expected="member">
                  <lrm id="2"><lrm_resources/></lrm>
                  <transient_attributes id="2">
                    <instance_attributes id="status-2">
                      <nvpair id="status-2-galera-agent" name="galera-agent" value="pos=dbaeca31-e98a-11f1-bd6d-67f1a08d0634:882;state=STARTING"/>
                      <nvpair id="status-2-master-galera" name="master-galera" value="1000"/>
                    </instance_attributes>
                  </transient_attributes>
                </node_state>
                <node_state id="1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member">
                  <transient_attributes id="1">
                    <instance_attributes id="status-1">
                      <nvpair id="status-1-master-galera" name="master-galera" value="INFINITY"/>
                    </instance_attributes>
                  </transient_attributes>
                </node_state>
                <node_state id="4" uname="node4" in_ccm="false" crmd="offline" join="down" expected="member">
                  <transient_attributes id="4">
                    <instance_attributes id="status-4">
                      <nvpair id="status-4-galera-agent" name="galera-agent" value="pos=dbaeca31-e98a-11f1-bd6d-67f1a08d0634:999;state=STOPPED"/>
                      <nvpair id="status-4-master-galera" name="master-galera" value="1000"/>
                    </instance_attributes>
                  </transient_attributes>
                </node_state>
              </status>
            </cib>
            """;

    static final Map<String, String> SETS = Map.of("galera-agent-epoch", "epoch", "galera-agent-election", "record");

    @Test
    void readsMembershipAttributesScoresAndSetsFromOneQuery() throws PacemakerException {
        Snapshot s = PacemakerCli.parseCib("node1", true, CIB, "galera-agent", SETS, "master-galera");

        assertEquals("node1", s.view().self());
        assertTrue(s.view().quorate());
        assertEquals(List.of("node3", "node2", "node1"), s.view().partition(), "node4 has left: in_ccm=false");
        assertEquals(Map.of("node3", "pos=dbaeca31-e98a-11f1-bd6d-67f1a08d0634:882;state=PRIMARY",
                "node2", "pos=dbaeca31-e98a-11f1-bd6d-67f1a08d0634:882;state=STARTING"), s.view().attributes(),
                "a departed node's attribute must not count, nor a resource parameter of the same name");
        assertEquals(Optional.of(1000), s.scoreOf("node2"));
        assertEquals(Optional.of(100), s.scoreOf("node3"));
        assertEquals(Optional.empty(), s.scoreOf("node1"), "INFINITY is not a score the agent sets");
        assertEquals(Optional.empty(), s.scoreOf("node4"));
        assertEquals(Map.of("galera-agent-epoch", "dbaeca31-e98a-11f1-bd6d-67f1a08d0634:789|1795692456511|node2",
                "galera-agent-election", "node2|a&b\"c"), s.sets(), "the asked nvpair of each set, unescaped");
    }

    @Test
    void readsACrmConfigOptionTheSameWay() throws PacemakerException {
        Snapshot s = PacemakerCli.parseCib("node1", true, CIB, "galera-agent", Map.of("cib-bootstrap-options", "dc-deadtime"), null);
        assertEquals(Map.of("cib-bootstrap-options", "2s"), s.sets(), "what the agent's dc-deadtime warning reads");
    }

    @Test
    void quorumOnlyWhenCrmNodeSaysSo() {
        assertTrue(PacemakerCli.quorate(new PacemakerCli.Run(0, "1")));
        assertTrue(!PacemakerCli.quorate(new PacemakerCli.Run(106, "0")), "no quorum: exit 106, prints 0");
        assertTrue(!PacemakerCli.quorate(new PacemakerCli.Run(102, "error: Could not connect to controller")),
                "controller not up yet");
        assertTrue(!PacemakerCli.quorate(new PacemakerCli.Run(0, "0")));
    }

    @Test
    void absentSetsAndScoresAreLeftOut() throws PacemakerException {
        Snapshot s = PacemakerCli.parseCib("node1", false, CIB, "galera-agent", Map.of("no-such-set", "x"), null);
        assertEquals(Map.of(), s.sets());
        assertEquals(Map.of(), s.scores());
        assertTrue(!s.view().quorate());
    }

    @Test
    void aWarningTheToolPrintsBesideTheCibIsIgnored() throws PacemakerException {
        Snapshot s = PacemakerCli.parseCib("node1", true, "warning: some deprecation notice\n" + CIB
                + "warning: and one after\n", "galera-agent", SETS, "master-galera");
        assertEquals(List.of("node3", "node2", "node1"), s.view().partition());
        assertEquals(Optional.of(1000), s.scoreOf("node2"));
    }

    @Test
    void aCibBeforeAnyStatusHasNoMembersAndNoAttributes() throws PacemakerException {
        // Right after boot, before a DC is elected, the local copy is the configuration read from disk.
        Snapshot s = PacemakerCli.parseCib("node1", false, "<cib epoch=\"1\"><configuration><crm_config/></configuration>"
                + "<status/></cib>", "galera-agent", SETS, "master-galera");
        assertEquals(List.of(), s.view().partition());
        assertEquals(Map.of(), s.view().attributes());
    }

    @Test
    void somethingElseIsAClearErrorNotAnEmptyCluster() {
        for (String bad : List.of("", "Could not connect to the CIB: Transport endpoint is not connected", "<xpath-query/>",
                "<!DOCTYPE cib [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><cib>&x;</cib>")) {
            PacemakerException e = assertThrows(PacemakerException.class,
                    () -> PacemakerCli.parseCib("node1", true, bad, "galera-agent", SETS, "master-galera"), bad);
            assertTrue(e.getMessage().startsWith("cibadmin --query: not a CIB"), e.getMessage());
        }
    }

    @Test
    void aQuorumLossIsOnlyWhatCrmNodeDefinitelySays() throws PacemakerException {
        assertTrue(PacemakerCli.definiteQuorum(new PacemakerCli.Run(0, "1")));
        assertTrue(PacemakerCli.definiteQuorum(new PacemakerCli.Run(0, "crm_node: warning: something\n1")),
                "a warning merged in before the answer");
        assertFalse(PacemakerCli.definiteQuorum(new PacemakerCli.Run(106, "0")));
        PacemakerException e = assertThrows(PacemakerException.class, () -> PacemakerCli.definiteQuorum(
                new PacemakerCli.Run(102, "crm_node: error: Could not connect to controller: Transport endpoint is not connected")));
        assertTrue(e.getMessage().contains("no answer (exit 102)"), e.getMessage());
        assertThrows(PacemakerException.class, () -> PacemakerCli.definiteQuorum(new PacemakerCli.Run(0, "")));
    }

    @Test
    void aPropertyIsItsValueUnsetOrAnError() throws PacemakerException {
        String[] cmd = {"crm_attribute", "-n", "standby", "-G", "-q"};
        assertEquals(Optional.of("on"), PacemakerCli.property(new PacemakerCli.Run(0, "on"), cmd));
        assertEquals(Optional.empty(), PacemakerCli.property(new PacemakerCli.Run(105,
                "crm_attribute: Error performing operation: No such device or address"), cmd));
        assertThrows(PacemakerException.class, () -> PacemakerCli.property(new PacemakerCli.Run(102, "no connection"), cmd));
        for (String yes : List.of("on", "true", "TRUE", "yes", "y", "1")) {
            assertTrue(PacemakerCli.isTrue(Optional.of(yes)), yes);
        }
        for (String no : List.of("off", "false", "0", "no", "")) {
            assertFalse(PacemakerCli.isTrue(Optional.of(no)), no);
        }
        assertFalse(PacemakerCli.isTrue(Optional.empty()));
    }
}
