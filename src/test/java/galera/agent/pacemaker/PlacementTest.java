package galera.agent.pacemaker;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What keeps a node from taking the resource back by itself after a stop for quorum loss. The CIB is the lab's
 * (Pacemaker 2.1.5, resource history cut out). Each change below is the XML that Pacemaker's own tools wrote into
 * a copy of it ({@code CIB_file=copy crm_resource --ban ...}, {@code crm_attribute ...}), except the rule, the
 * pattern, the colocation and the ticket, written after Pacemaker's schema.
 */
class PlacementTest {
    private static final String BASE = LabCib.XML;

    private static Optional<String> whyNot(String cib, String node, String resource) throws PacemakerException {
        return Placement.whyNot(PacemakerCli.document(cib), node, resource);
    }

    /** Why not, or "" when nothing speaks against it. */
    private static String reason(String cib, String node) throws PacemakerException {
        return whyNot(cib, node, "galera").orElse("");
    }

    private static String withConstraints(String xml) {
        return BASE.replace("<constraints/>", "<constraints>" + xml + "</constraints>");
    }

    private static String withCloneMeta(String nvpairs) {
        return BASE.replace("        <primitive id=\"galera\"",
                "        <meta_attributes id=\"galera-clone-meta_attributes\">" + nvpairs + "</meta_attributes>\n"
                        + "        <primitive id=\"galera\"");
    }

    @Test
    void nothingSpeaksAgainstAPlainCloneOnAnyNode() throws PacemakerException {
        for (String node : new String[] {"node1", "node2", "node3"}) {
            assertEquals(Optional.empty(), whyNot(BASE, node, "galera"), node);
        }
        assertEquals(Optional.empty(), whyNot(BASE, "node3", "galera:2"), "an instance number is the same primitive");
    }

    @Test
    void aBanKeepsOnlyItsNodeAndNamesTheConstraint() throws PacemakerException {
        String cib = withConstraints("<rsc_location id=\"cli-ban-galera-clone-on-node3\" rsc=\"galera-clone\" role=\"Started\" "
                + "node=\"node3\" score=\"-INFINITY\"/>");
        Optional<String> why = whyNot(cib, "node3", "galera");
        assertTrue(why.orElse("").contains("cli-ban-galera-clone-on-node3"), why.toString());
        assertEquals(Optional.empty(), whyNot(cib, "node1", "galera"));
    }

    @Test
    void aBanOfThePromotedRoleAlsoCounts() throws PacemakerException {
        // An elected node that Pacemaker may not promote would hold the others up: left to Pacemaker too.
        String cib = withConstraints("<rsc_location id=\"cli-ban-galera-clone-on-node2\" rsc=\"galera-clone\" role=\"Promoted\" "
                + "node=\"node2\" score=\"-INFINITY\"/>");
        assertTrue(reason(cib, "node2").contains("role Promoted"));
    }

    @Test
    void aPreferenceForThisNodeIsNoObstacle() throws PacemakerException {
        String cib = withConstraints("<rsc_location id=\"prefer-node3\" rsc=\"galera\" node=\"node3\" score=\"100\"/>"
                + "<rsc_location id=\"cli-prefer-galera-clone\" rsc=\"galera-clone\" node=\"node3\" score=\"INFINITY\"/>");
        assertEquals(Optional.empty(), whyNot(cib, "node3", "galera"));
    }

    @Test
    void aDisabledUnmanagedOrUnpromotableResourceIsLeftToPacemaker() throws PacemakerException {
        String stopped = withCloneMeta("<nvpair id=\"galera-clone-meta_attributes-target-role\" name=\"target-role\" value=\"Stopped\"/>");
        assertTrue(reason(stopped, "node1").contains("target-role=Stopped"));
        String unpromoted = withCloneMeta("<nvpair id=\"galera-clone-meta_attributes-target-role\" name=\"target-role\" value=\"Unpromoted\"/>");
        assertTrue(whyNot(unpromoted, "node1", "galera").isPresent());
        String unmanaged = withCloneMeta("<nvpair id=\"galera-clone-meta_attributes-is-managed\" name=\"is-managed\" value=\"false\"/>");
        assertTrue(reason(unmanaged, "node1").contains("unmanaged"));
        String started = withCloneMeta("<nvpair id=\"galera-clone-meta_attributes-target-role\" name=\"target-role\" value=\"Started\"/>");
        assertEquals(Optional.empty(), whyNot(started, "node1", "galera"), "enabled again");
    }

    @Test
    void fewerInstancesThanNodesLeaveTheChoiceToPacemaker() throws PacemakerException {
        String cib = BASE.replace("name=\"clone-max\" value=\"3\"", "name=\"clone-max\" value=\"2\"");
        assertTrue(reason(cib, "node1").contains("clone-max=2"));
    }

    @Test
    void standbyForGoodOrUntilRebootKeepsOnlyThatNode() throws PacemakerException {
        String forGood = BASE.replace("<node id=\"3\" uname=\"node3\"/>", "<node id=\"3\" uname=\"node3\">"
                + "<instance_attributes id=\"nodes-3\"><nvpair id=\"nodes-3-standby\" name=\"standby\" value=\"on\"/>"
                + "</instance_attributes></node>");
        assertEquals(Optional.of("node node3 is in standby"), whyNot(forGood, "node3", "galera"));
        assertEquals(Optional.empty(), whyNot(forGood, "node2", "galera"));
        assertEquals(Optional.empty(), whyNot(forGood.replace("value=\"on\"", "value=\"off\""), "node3", "galera"));

        String untilReboot = BASE.replace("<nvpair id=\"status-2-master-galera\" name=\"master-galera\" value=\"100\"/>",
                "<nvpair id=\"status-2-master-galera\" name=\"master-galera\" value=\"100\"/>"
                        + "<nvpair id=\"status-2-standby\" name=\"standby\" value=\"on\"/>");
        assertEquals(Optional.of("node node2 is in standby until it reboots"), whyNot(untilReboot, "node2", "galera"));
        assertEquals(Optional.empty(), whyNot(untilReboot, "node3", "galera"));
    }

    @Test
    void maintenanceOfTheClusterOrTheNode() throws PacemakerException {
        String cluster = BASE.replace("<cluster_property_set id=\"cib-bootstrap-options\">", "<cluster_property_set id=\"cib-bootstrap-options\">"
                + "<nvpair id=\"cib-bootstrap-options-maintenance-mode\" name=\"maintenance-mode\" value=\"true\"/>");
        assertEquals(Optional.of("the cluster is in maintenance mode"), whyNot(cluster, "node1", "galera"));
        String node = BASE.replace("<node id=\"1\" uname=\"node1\"/>", "<node id=\"1\" uname=\"node1\">"
                + "<instance_attributes id=\"nodes-1\"><nvpair id=\"nodes-1-maintenance\" name=\"maintenance\" value=\"on\"/>"
                + "</instance_attributes></node>");
        assertEquals(Optional.of("node node1 is in maintenance"), whyNot(node, "node1", "galera"));
    }

    @Test
    void whatTheAgentDoesNotEvaluateCountsAgainst() throws PacemakerException {
        String negativeRule = withConstraints("<rsc_location id=\"no-ping\" rsc=\"galera-clone\"><rule id=\"no-ping-rule\" "
                + "score=\"-INFINITY\"><expression id=\"no-ping-expr\" attribute=\"pingd\" operation=\"not_defined\"/></rule></rsc_location>");
        assertTrue(reason(negativeRule, "node1").contains("rule"));
        String positiveRule = negativeRule.replace("score=\"-INFINITY\"", "score=\"50\"");
        assertEquals(Optional.empty(), whyNot(positiveRule, "node1", "galera"), "a rule that can only prefer");
        String pattern = withConstraints("<rsc_location id=\"by-pattern\" rsc-pattern=\"gal.*\" node=\"node1\" score=\"-INFINITY\"/>");
        assertTrue(reason(pattern, "node1").contains("pattern"));
        String colocation = withConstraints("<rsc_colocation id=\"apart\" rsc=\"galera-clone\" with-rsc=\"backup\" score=\"-INFINITY\"/>");
        assertTrue(reason(colocation, "node1").contains("apart"));
        String inSet = withConstraints("<rsc_location id=\"set-ban\" node=\"node1\" score=\"-100\"><resource_set id=\"s\">"
                + "<resource_ref id=\"galera-clone\"/></resource_set></rsc_location>");
        assertTrue(reason(inSet, "node1").contains("set-ban"));
        String ticket = withConstraints("<rsc_ticket id=\"site-a\" rsc=\"galera-clone\" ticket=\"ticketA\"/>");
        assertTrue(reason(ticket, "node1").contains("ticketA"));
        String otherResource = withConstraints("<rsc_location id=\"ban-other\" rsc=\"backup\" node=\"node1\" score=\"-INFINITY\"/>");
        assertEquals(Optional.empty(), whyNot(otherResource, "node1", "galera"), "another resource's ban");
    }

    @Test
    void aResourceTheCibDoesNotHaveIsNotResumed() throws PacemakerException {
        assertTrue(whyNot(BASE, "node1", "mysql").orElse("").contains("not in the CIB"));
    }

    @Test
    void scoresAsPacemakerWritesThem() {
        for (String no : new String[] {"INFINITY", "+INFINITY", "inf", "0", "100", "+5"}) {
            assertFalse(Placement.negative(no), no);
        }
        for (String yes : new String[] {"-INFINITY", "-inf", "-1", "garbage"}) {
            assertTrue(Placement.negative(yes), yes);
        }
    }
    @Test
    void aNodeNameTheCibDoesNotKnowIsNotResumed() throws PacemakerException {
        // A name read wrongly (a warning line taken for it) would match no standby and no ban.
        assertTrue(whyNot(BASE, "warning: something\nnode3", "galera").orElse("").contains("not among the CIB's nodes"));
    }

    @Test
    void clusterWideSettingsCount() throws PacemakerException {
        String props = "<cluster_property_set id=\"cib-bootstrap-options\">";
        assertTrue(whyNot(BASE.replace(props, props + "<nvpair id=\"o-sar\" name=\"stop-all-resources\" value=\"true\"/>"),
                "node1", "galera").orElse("").contains("stop-all-resources"));
        assertTrue(whyNot(BASE.replace(props, props + "<nvpair id=\"o-sym\" name=\"symmetric-cluster\" value=\"false\"/>"),
                "node1", "galera").orElse("").contains("opt-in"));
        String defaults = BASE.replace("<constraints/>", "<constraints/><rsc_defaults><meta_attributes id=\"rsc-options\">"
                + "<nvpair id=\"rsc-options-is-managed\" name=\"is-managed\" value=\"false\"/></meta_attributes></rsc_defaults>");
        assertTrue(reason(defaults, "node1").contains("resource defaults"));
        String byRef = withCloneMeta("<nvpair id-ref=\"shared-target-role\"/>");
        assertTrue(reason(byRef, "node1").contains("id-ref"));
    }

    @Test
    void aBanOfATagOfTheResourceCounts() throws PacemakerException {
        String cib = withConstraints("<rsc_location id=\"ban-db\" rsc=\"db\" node=\"node2\" score=\"-INFINITY\"/>")
                .replace("</constraints>", "</constraints><tags><tag id=\"db\"><obj_ref id=\"galera-clone\"/></tag></tags>");
        assertTrue(reason(cib, "node2").contains("ban-db"));
        assertEquals(Optional.empty(), whyNot(cib, "node1", "galera"));
    }

    @Test
    void aDependentColocationOrAnOrderThatStartsItAfterSomethingCounts() throws PacemakerException {
        String dependent = withConstraints("<rsc_colocation id=\"with-ping\" rsc=\"galera-clone\" with-rsc=\"ping-clone\" score=\"INFINITY\"/>");
        assertTrue(reason(dependent, "node1").contains("with-ping"));
        String leader = withConstraints("<rsc_colocation id=\"vip-with-db\" rsc=\"vip\" with-rsc=\"galera-clone\" score=\"INFINITY\"/>"
                + "<rsc_order id=\"db-then-vip\" first=\"galera-clone\" then=\"vip\"/>");
        assertEquals(Optional.empty(), whyNot(leader, "node1", "galera"), "others placed and started after it");
        String after = withConstraints("<rsc_order id=\"fs-then-db\" first=\"fs\" then=\"galera-clone\"/>");
        assertTrue(reason(after, "node1").contains("fs-then-db"));
    }
}
