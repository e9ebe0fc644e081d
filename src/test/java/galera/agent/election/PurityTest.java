package galera.agent.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The election package must stay pure (docs/style.md, "Pure decisions, I/O outside"): no JDBC, JMX,
 * network, file, process or clock access, so that the same input always gives the same decision and
 * ten thousand outages can be simulated in seconds. This scans the sources, so a new import fails here
 * before it reaches a review.
 */
class PurityTest {

    static final Path PACKAGE = Path.of("src", "main", "java", "galera", "agent", "election");

    /** Text that must not appear anywhere in the package's sources (code or comments). */
    static final List<String> FORBIDDEN = List.of("java.sql", "javax.management", "java.lang.management", "java.net",
            "java.io", "java.nio", "java.time", "ProcessBuilder", "Runtime.getRuntime", "System.currentTimeMillis",
            "System.nanoTime", "Instant.now", "Thread.sleep", "System.getenv", "System.getProperty");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    static List<String> violations(String fileName, String source) {
        List<String> found = new ArrayList<>();
        for (String f : FORBIDDEN) {
            if (source.contains(f)) {
                found.add(fileName + ": contains '" + f + "'");
            }
        }
        // Allow-list as well: a package added later (say javax.naming) is caught without editing FORBIDDEN.
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            String imported = m.group(2);
            if (!imported.startsWith("java.util.") && !imported.startsWith("galera.agent.election.")) {
                found.add(fileName + ": imports " + imported + " (only java.util and java.lang are allowed)");
            }
        }
        return found;
    }

    @Test
    void electionSourcesImportNothingImpure() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(PACKAGE)) {
            for (Path p : paths.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                files++;
                found.addAll(violations(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        assertTrue(files >= 10, "expected the election sources under " + PACKAGE.toAbsolutePath() + ", found " + files);
        assertEquals(List.of(), found, "the election package must stay pure");
    }

    @Test
    void theScannerCatchesWhatItShould() {
        assertEquals(2, violations("X.java", "import java.sql.Connection;\nclass X {}").size());
        assertEquals(1, violations("X.java", "class X { long t = System.currentTimeMillis(); }").size());
        assertEquals(1, violations("X.java", "import javax.naming.Context;").size());
        assertEquals(3, violations("X.java", "import static java.time.Instant.now;").size());
        assertEquals(List.of(), violations("X.java", "import java.util.List;\nimport java.util.regex.Pattern;"));
    }
}
