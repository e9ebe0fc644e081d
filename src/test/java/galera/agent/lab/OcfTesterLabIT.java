package galera.agent.lab;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resource-agents' own compliance tool, ocf-tester, against the OCF agent at its installed path on a lab node,
 * with its real agent and mariadbd behind it. Pacemaker is put in maintenance mode for the run (it must not
 * act on what ocf-tester does), and node3 is handed back to it running and promoted afterwards.
 */
class OcfTesterLabIT {
    static final String RA = "/usr/lib/ocf/resource.d/galera-agent/galera";

    @BeforeAll
    static void lab() throws Exception {
        Lab.ok("wait", "all");
    }

    static Lab.Result ra(String action) throws Exception {
        return Lab.run("exec", "3", "--", "env", "OCF_ROOT=/usr/lib/ocf", "OCF_RESOURCE_INSTANCE=galera",
                "OCF_RESKEY_CRM_meta_timeout=120000", RA, action);
    }

    @Test
    void ocfTesterPassesEveryTestOnTheInstalledAgent() throws Exception {
        Lab.ok("exec", "1", "--", "crm_attribute", "-n", "maintenance-mode", "-v", "true");
        Lab.Result r;
        long start = System.nanoTime();
        try {
            // ocf-tester gives every action 20 s; ours are advertised at 60-180 s (a demote waits for mariadbd).
            r = Lab.run("exec", "3", "--", "ocf-tester", "-n", "galera", "-o", "CRM_meta_timeout=120000", RA);
        } finally {
            // Hand node3 back as Pacemaker left it: managed, mariadbd running, promoted.
            for (String action : List.of("start", "promote")) {
                Lab.Result a = ra(action);
                System.out.println("OcfTesterLabIT restore " + action + ": exit " + a.exit() + " " + a.output().strip());
            }
            Lab.ok("exec", "1", "--", "crm_attribute", "-n", "maintenance-mode", "-D");
        }
        System.out.printf("OcfTesterLabIT: ocf-tester took %.1f s%n%s%n", (System.nanoTime() - start) / 1e9, r.output());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(RA + " passed all tests"), r.output());
        Lab.ok("wait", "3");
    }
}
