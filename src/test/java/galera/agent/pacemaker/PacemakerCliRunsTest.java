package galera.agent.pacemaker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which tools a tick's read runs, and that each answer goes where it belongs: the CIB read always, crm_node -q
 * only when quorum is asked, crm_node -n only until the node's name is known. The tools' answers are canned (the
 * lab's CIB, crm_node's outputs); the parsing is PacemakerCliTest's.
 */
class PacemakerCliRunsTest {
    private static final String CIB = LabCib.XML;

    /** Answers each tool from its fields and records what ran, in order. */
    static final class Canned extends PacemakerCli {
        final List<String> ran = new ArrayList<>();
        String quorum = "1";
        int quorumExit = 0;
        String name = "warning: something first\nnode3\n";

        Canned() {
            super(1000);
        }

        @Override
        List<Run> runAll(List<String[]> cmds) {
            List<Run> out = new ArrayList<>();
            for (String[] cmd : cmds) {
                String c = String.join(" ", cmd);
                ran.add(c);
                out.add(switch (c) {
                    case "crm_node -q" -> new Run(quorumExit, quorum + "\n");
                    case "crm_node -n" -> new Run(0, name);
                    case "cibadmin --query" -> new Run(0, CIB);
                    default -> throw new AssertionError("unexpected tool run: " + c);
                });
            }
            return out;
        }
    }

    @Test
    void aStoppedTickAsksQuorumAndTheNameOnce() throws PacemakerException {
        Canned cli = new Canned();
        Snapshot first = cli.snapshot("galera-agent", Map.of(), "galera", true);
        assertEquals(List.of("cibadmin --query", "crm_node -q", "crm_node -n"), cli.ran);
        assertTrue(first.view().quorate());
        assertEquals("node3", first.view().self(), "the last line of crm_node -n, asked with this read");
        cli.ran.clear();
        cli.quorum = "0";
        cli.quorumExit = 106;
        Snapshot second = cli.snapshot("galera-agent", Map.of(), "galera", true);
        assertEquals(List.of("cibadmin --query", "crm_node -q"), cli.ran, "the name is known: not asked again");
        assertFalse(second.view().quorate(), "no quorum (exit 106)");
        assertEquals("node3", second.view().self());
    }

    @Test
    void aRunningTickReadsTheCibAloneOnceTheNameIsKnown() throws PacemakerException {
        Canned cli = new Canned();
        cli.snapshot("galera-agent", Map.of(), "galera", false);
        assertEquals(List.of("cibadmin --query", "crm_node -n"), cli.ran, "the name, with the CIB read");
        cli.ran.clear();
        Snapshot s = cli.snapshot("galera-agent", Map.of(), "galera", false);
        assertEquals(List.of("cibadmin --query"), cli.ran);
        assertFalse(s.view().quorate(), "not asked: false, and read by nothing");
        assertEquals("node3", s.view().self());
        assertEquals(List.of("node1", "node2", "node3"), s.view().partition().stream().sorted().toList());
    }

    @Test
    void theResumeQuestionAsksQuorumAndReadsTheCib() throws PacemakerException {
        Canned cli = new Canned();
        assertEquals(Optional.empty(), cli.whyNotResume("galera"));
        assertEquals(List.of("cibadmin --query", "crm_node -q", "crm_node -n"), cli.ran);
        cli.ran.clear();
        cli.quorum = "0";
        cli.quorumExit = 106;
        assertEquals(Optional.of("this node's partition has no quorum"), cli.whyNotResume("galera"));
        assertEquals(List.of("cibadmin --query", "crm_node -q"), cli.ran);
    }
}
