package galera.agent.position;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the local mariadbd by scanning /proc for a live (non-zombie) process whose command line names this
 * node's defaults file or datadir. A server that waits for a Primary Component or an SST has neither socket
 * nor TCP port (platform-facts), and its pid file survives kill -9, so neither SQL nor the pid file can say
 * whether it runs.
 */
public final class MariadbdProcess {
    private final Path proc;

    public MariadbdProcess(Path proc) {
        this.proc = proc;
    }

    public static MariadbdProcess system() {
        return new MariadbdProcess(Path.of("/proc"));
    }

    /** The pid of a running mariadbd/mysqld started with {@code defaultsFile} or {@code datadir}. */
    public Optional<Long> find(String defaultsFile, Path datadir) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                String cmdline = read(dir.resolve("cmdline")).replace('\0', ' ');
                if (!(cmdline.contains("mariadbd") || cmdline.contains("mysqld"))
                        || cmdline.contains("mysqld_safe") || cmdline.contains("--wsrep-recover")) {
                    continue;
                }
                boolean ours = (!defaultsFile.isEmpty() && cmdline.contains("--defaults-file=" + defaultsFile))
                        || cmdline.contains("--datadir=" + datadir);
                if (ours && alive(dir)) {
                    return Optional.of(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A zombie passes kill -0, so look at the state letter in /proc/PID/stat instead. */
    static boolean alive(Path procDir) {
        String stat = read(procDir.resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(close + 2);
        return state != 'Z' && state != 'X';
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
