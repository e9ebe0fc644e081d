package galera.agent.position;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link MariadbdProcess#find} over a /proc laid out as the lab's did during a joiner's IST after the pids had
 * wrapped around: the transfer script got lower pids than the server it belongs to.
 */
class MariadbdProcessTest {
    static final String CNF = "/var/lib/galera-lab/node1/my.cnf";
    static final Path DATA = Path.of("/var/lib/galera-lab/node1/data");

    @TempDir
    Path proc;

    void process(long pid, String state, String... argv) throws IOException {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(d.resolve("cmdline"), String.join("\0", argv) + "\0");
        Files.writeString(d.resolve("stat"), pid + " (" + Path.of(argv[0]).getFileName() + ") " + state + " 1 1 1");
    }

    @Test
    void theServerNotTheTransferScriptThatCarriesItsArguments() throws IOException {
        // As ps showed them on the lab (2026-11-26), with the pids wrapped: scripts 312 and 314, server 31419.
        process(312, "S", "sh", "-c", "wsrep_sst_mariabackup --role 'joiner' --address '10.77.0.1' --datadir '" + DATA
                + "/' --defaults-file '" + CNF + "' --parent 31419 --progress 0 --mysqld-args --defaults-file=" + CNF
                + " --wsrep-start-position=5c7abf87-e974-11f1-bf0e-9ff887a60910:1374");
        process(314, "S", "bash", "/usr//bin/wsrep_sst_mariabackup", "--role", "joiner", "--address", "10.77.0.1",
                "--datadir", DATA + "/", "--defaults-file", CNF, "--parent", "31419", "--progress", "0", "--mysqld-args",
                "--defaults-file=" + CNF, "--wsrep-start-position=5c7abf87-e974-11f1-bf0e-9ff887a60910:1374");
        process(31419, "S", "/usr/sbin/mariadbd", "--defaults-file=" + CNF,
                "--wsrep-start-position=5c7abf87-e974-11f1-bf0e-9ff887a60910:1374");
        assertEquals(Optional.of(31419L), new MariadbdProcess(proc).find(CNF, DATA));
    }

    @Test
    void neitherPositionRecoveryNorAZombieNorAnotherNodesServerNorALauncher() throws IOException {
        process(100, "S", "/usr/sbin/mariadbd", "--defaults-file=" + CNF, "--wsrep-recover", "--log-error=/tmp/r.log");
        process(101, "Z", "/usr/sbin/mariadbd", "--defaults-file=" + CNF);
        process(102, "S", "/usr/sbin/mariadbd", "--defaults-file=/var/lib/galera-lab/node2/my.cnf");
        process(103, "S", "/usr/sbin/mariadbd", "--defaults-file=" + CNF + ".bak");
        process(104, "S", "setsid", "-f", "/usr/sbin/mariadbd", "--defaults-file=" + CNF);
        process(105, "S", "/usr/bin/mysqld_safe", "--defaults-file=" + CNF);
        MariadbdProcess p = new MariadbdProcess(proc);
        assertEquals(Optional.empty(), p.find(CNF, DATA));
        process(200, "R", "/usr/sbin/mysqld", "--datadir=" + DATA);
        assertEquals(Optional.of(200L), p.find("", DATA), "found by its datadir, under the old name");
    }
}
