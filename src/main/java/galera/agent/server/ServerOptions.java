package galera.agent.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Reads the few server options the agent needs from mariadbd's defaults file. */
public final class ServerOptions {
    private static final Set<String> SERVER_SECTIONS = Set.of("mysqld", "mariadbd", "server", "galera", "mariadb",
            "mariadb-10.11", "mysqld-10.11");

    private ServerOptions() {
    }

    /** The error log (log_error / log-error in a server section); relative paths are under the datadir. */
    public static Optional<Path> errorLog(String defaultsFile, Path datadir) {
        if (defaultsFile.isEmpty()) {
            return Optional.empty();
        }
        try {
            String section = "";
            Optional<Path> found = Optional.empty();
            for (String raw : Files.readAllLines(Path.of(defaultsFile))) {
                String line = raw.strip();
                if (line.startsWith("[") && line.endsWith("]")) {
                    section = line.substring(1, line.length() - 1).strip().toLowerCase();
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0 || !SERVER_SECTIONS.contains(section) || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                String key = line.substring(0, eq).strip().replace('-', '_');
                if (key.equals("log_error")) {
                    String value = line.substring(eq + 1).strip().replaceAll("^[\"']|[\"']$", "");
                    Path p = Path.of(value);
                    found = Optional.of(p.isAbsolute() ? p : datadir.resolve(p));
                }
            }
            return found;
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
