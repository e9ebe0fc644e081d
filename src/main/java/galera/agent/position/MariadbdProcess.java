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

    /**
     * The pid of a running mariadbd/mysqld started with {@code defaultsFile} or {@code datadir}: the program
     * itself (argv[0] is mariadbd or mysqld) with one argument that is exactly {@code --defaults-file=FILE} or
     * {@code --datadir=DIR}. Not anything that merely mentions them: a joiner's transfer script
     * ({@code sh -c wsrep_sst_mariabackup ... --mysqld-args --defaults-file=FILE ...}) carries the server's own
     * arguments, and once pids wrap around (pid_max is 32768 on many systems) it can be listed before the server.
     * Taken for the server, it got the SIGTERMs of a demote while the real server ran on, untouched, until the
     * SIGKILL deadline.
     */
    public Optional<Long> find(String defaultsFile, Path datadir) {
        String wantFile = defaultsFile.isEmpty() ? null : "--defaults-file=" + defaultsFile;
        String wantDir = "--datadir=" + datadir;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                String[] argv = read(dir.resolve("cmdline")).split("\0");
                if (argv.length == 0 || !isServerProgram(argv[0])) {
                    continue;
                }
                boolean ours = false;
                for (int i = 1; i < argv.length; i++) {
                    if (argv[i].equals("--wsrep-recover")) {
                        ours = false; // our own position recovery, not a server
                        break;
                    }
                    ours |= argv[i].equals(wantFile) || argv[i].equals(wantDir);
                }
                if (ours && alive(dir)) {
                    return Optional.of(Long.parseLong(dir.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** mariadbd or mysqld, by any path; not mysqld_safe, not a shell or script that names them. */
    static boolean isServerProgram(String argv0) {
        String name = argv0.substring(argv0.lastIndexOf('/') + 1);
        return name.equals("mariadbd") || name.equals("mysqld");
    }

    /** Whether process {@code pid} exists and is not a zombie. */
    public boolean running(long pid) {
        return alive(proc.resolve(Long.toString(pid)));
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
