package galera.agent.pacemaker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The lab's CIB (Pacemaker 2.1.5, three nodes, the galera clone; resource history cut out), from the test resources. */
final class LabCib {
    static final String XML = load();

    private LabCib() {
    }

    private static String load() {
        try (InputStream in = LabCib.class.getResourceAsStream("/cib-lab-3-nodes.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
