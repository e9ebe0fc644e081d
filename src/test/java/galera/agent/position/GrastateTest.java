package galera.agent.position;

import galera.agent.election.Position;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrastateTest {
    @TempDir
    Path datadir;

    static String resource(String name) throws IOException {
        try (InputStream in = GrastateTest.class.getResourceAsStream("/position/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void cleanShutdown() throws Exception {
        Files.writeString(datadir.resolve("grastate.dat"), "# GALERA saved state\nversion: 2.1\n"
                + "uuid:    288dc8ea-e92d-11f1-8b2c-e31eca61dbd9\nseqno:   1234\nsafe_to_bootstrap: 1\n");
        Grastate g = Grastate.read(datadir);
        assertEquals(new Position("288dc8ea-e92d-11f1-8b2c-e31eca61dbd9", 1234), g.position());
        assertTrue(g.safeToBootstrap());
        assertEquals("2.1", g.version());
    }

    @Test
    void afterKill9SeqnoIsMinusOne() throws Exception {
        // Written by a real mariadbd 10.11 / Galera 26.4 that was killed with -9.
        Grastate g = Grastate.parse(resource("grastate-crashed.dat"), "grastate-crashed.dat");
        assertEquals(-1, g.position().seqno());
        assertFalse(g.position().isSeqnoKnown());
    }

    @Test
    void missingFileAndMissingDatadirAreClearErrors() throws IOException {
        GrastateException missing = assertThrows(GrastateException.class, () -> Grastate.read(datadir));
        assertTrue(missing.getMessage().contains("grastate.dat is missing"), missing.getMessage());
        GrastateException noDir = assertThrows(GrastateException.class, () -> Grastate.read(datadir.resolve("nope")));
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    }

    @Test
    void corruptFilesAreRefusedAndLeftInPlace() throws IOException {
        List<String[]> cases = List.of(
                new String[]{"garbage without colon\n", "unexpected line"},
                new String[]{"uuid: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9\n", "no 'seqno:' line"},
                new String[]{"seqno: 5\n", "no 'uuid:' line"},
                new String[]{"uuid: not-a-uuid\nseqno: 5\n", "is not of the form"},
                new String[]{"uuid: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9\nseqno: 12x\n", "is not a number"},
                new String[]{"uuid: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9\nseqno: -7\n", "below -1"},
                new String[]{"uuid: 288dc8ea-e92d-11f1-8b2c-e31eca61dbd9\nseqno: 5\nsafe_to_bootstrap: 2\n", "not 0 or 1"},
                new String[]{"\0\0\0\0", "NUL bytes"});
        for (String[] c : cases) {
            Path f = datadir.resolve("grastate.dat");
            Files.writeString(f, c[0]);
            GrastateException e = assertThrows(GrastateException.class, () -> Grastate.read(datadir), c[0]);
            assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(c[0], Files.readString(f), "the corrupt file must be left as it was");
        }
    }

    @Test
    void positionRoundTripsAndRejectsNonsense() {
        Position p = Position.parse("288DC8EA-E92D-11F1-8B2C-E31ECA61DBD9:42");
        assertEquals("288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:42", p.toString());
        assertEquals(p, Position.parse(p.toString()));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("nothing"));
        assertThrows(IllegalArgumentException.class, () -> Position.parse("288dc8ea-e92d-11f1-8b2c-e31eca61dbd9:x"));
        assertTrue(new Position(Position.ZERO_UUID, -1).isZeroUuid());
    }
}
