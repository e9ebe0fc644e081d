package galera.agent.server;

import galera.agent.election.Position;
import galera.agent.position.MariadbdProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start through the real setsid, of a stand-in mariadbd: a script that makes itself known in a proc directory
 * of the test's own, as the real server is found in /proc.
 */
class ServerControlTest {
    @TempDir
    Path dir;

    ServerControl control() throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        Path defaults = Files.writeString(dir.resolve("my.cnf"), "[mariadbd]\n");
        Path fake = dir.resolve("mariadbd");
        Files.writeString(fake, "#!/bin/sh\nmkdir -p '" + proc + "/4242'\n"
                + "printf 'mariadbd\\000--defaults-file=" + defaults + "\\000' > '" + proc + "/4242/cmdline'\n"
                + "echo '4242 (mariadbd) S 1' > '" + proc + "/4242/stat'\n"
                + "printf '%s\\n' \"$@\" > '" + dir + "/argv'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return new ServerControl(fake, defaults.toString(), Files.createDirectories(dir.resolve("data")),
                Files.createDirectories(dir.resolve("state")), new MariadbdProcess(proc), 1000);
    }

    @Test
    void anEmptyGvwstateIsMovedAsideBeforeAStartAndAFullOneIsKept() throws Exception {
        ServerControl c = control();
        Files.writeString(dir.resolve("data/gvwstate.dat"), "");
        assertEquals(4242L, c.start(ServerControl.Mode.JOIN, Position.parse("f8587ac3-e931-11f1-b79b-1f598494ddc0:90")));
        assertTrue(!Files.exists(dir.resolve("data/gvwstate.dat")), "an empty gvwstate.dat fails Galera's start");
        try (var aside = Files.walk(dir.resolve("state/aside"))) {
            List<String> kept = aside.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).toList();
            assertEquals(1, kept.size(), kept.toString());
            assertTrue(kept.get(0).matches("state/aside/empty-[0-9T-]+/gvwstate.dat"), kept.toString());
        }
        assertTrue(Files.readAllLines(dir.resolve("argv")).contains("--wsrep-start-position=f8587ac3-e931-11f1-b79b-1f598494ddc0:90"));

        Files.delete(dir.resolve("proc/4242/cmdline")); // "stopped"
        Files.writeString(dir.resolve("data/gvwstate.dat"), "my_uuid: 1\n#vwbeg\n");
        c.start(ServerControl.Mode.BOOTSTRAP, null);
        assertEquals("my_uuid: 1\n#vwbeg\n", Files.readString(dir.resolve("data/gvwstate.dat")), "a saved view is Galera's");
        assertTrue(Files.readAllLines(dir.resolve("argv")).contains("--wsrep-new-cluster"));
    }

    @Test
    void oneSetMovedAsideStaysTogetherAndTwoSetsNeverOverwriteEachOther() throws Exception {
        ServerControl c = control();
        List<Path> first = new java.util.ArrayList<>();
        List<Path> second = new java.util.ArrayList<>();
        for (List<Path> moved : List.of(first, second)) {
            Files.writeString(dir.resolve("data/grastate.dat"), "seqno: " + (moved == first ? 1 : 2) + "\n");
            Files.writeString(dir.resolve("data/gvwstate.dat"), "view\n");
            c.moveAside("discarded", List.of("grastate.dat", "absent.dat", "gvwstate.dat"), moved);
        }
        assertEquals(2, first.size(), first.toString());
        assertEquals(first.get(0).getParent(), first.get(1).getParent(), "one discard, one directory");
        assertTrue(!first.get(0).getParent().equals(second.get(0).getParent()), first + " " + second);
        assertEquals("seqno: 1\n", Files.readString(first.get(0)));
        assertEquals("seqno: 2\n", Files.readString(second.get(0)));

        // Sets of this second and the next two already there: the next one takes a suffix, whichever second it is.
        java.time.Instant now = java.time.Instant.now();
        for (int s = 0; s < 3; s++) {
            Files.createDirectories(dir.resolve("state/aside/discarded-"
                    + now.plusSeconds(s).toString().substring(0, 19).replace(':', '-')));
        }
        Files.writeString(dir.resolve("data/grastate.dat"), "seqno: 3\n");
        List<Path> third = new java.util.ArrayList<>();
        c.moveAside("discarded", List.of("grastate.dat"), third);
        assertTrue(third.get(0).getParent().getFileName().toString().matches("discarded-[0-9T-]{19}-[0-9]+"), third.toString());
    }
}
