package galera.agent.position;

import galera.agent.election.Position;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The contents of Galera's {@code grastate.dat}: the saved position and {@code safe_to_bootstrap}.
 *
 * <p>Galera writes it on a clean shutdown with the real seqno, and with seqno -1 while running or after a
 * crash. {@code safe_to_bootstrap: 1} marks the node that left the Primary Component last
 * (https://galeracluster.com/library/training/tutorials/restarting-cluster.html). We only read it here;
 * nothing in this class writes, moves or deletes it.
 */
public record Grastate(Position position, boolean safeToBootstrap, String version) {
    public static final String FILE_NAME = "grastate.dat";

    /** Reads {@code datadir/grastate.dat}. */
    public static Grastate read(Path datadir) throws GrastateException {
        Path file = datadir.resolve(FILE_NAME);
        if (!Files.isDirectory(datadir)) {
            throw new GrastateException("datadir " + datadir + " does not exist or is not a directory");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GrastateException(file + " is missing (a node that never ran, or its state was discarded)");
        } catch (IOException e) {
            throw new GrastateException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses the text of a grastate.dat; {@code where} names it in error messages. */
    public static Grastate parse(String text, String where) throws GrastateException {
        if (text.indexOf('\0') >= 0) {
            throw new GrastateException(where + " is corrupt: it contains NUL bytes");
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new GrastateException(where + " is corrupt: unexpected line '" + abbreviate(l) + "'");
            }
            fields.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        }
        String uuid = fields.get("uuid");
        String seqno = fields.get("seqno");
        if (uuid == null || seqno == null) {
            throw new GrastateException(where + " is corrupt: " + (uuid == null ? "no 'uuid:' line" : "no 'seqno:' line"));
        }
        Position position;
        try {
            position = new Position(uuid, Long.parseLong(seqno));
        } catch (NumberFormatException e) {
            throw new GrastateException(where + " is corrupt: seqno '" + abbreviate(seqno) + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new GrastateException(where + " is corrupt: " + e.getMessage());
        }
        String safe = fields.getOrDefault("safe_to_bootstrap", "0");
        if (!safe.equals("0") && !safe.equals("1")) {
            throw new GrastateException(where + " is corrupt: safe_to_bootstrap '" + abbreviate(safe) + "' is not 0 or 1");
        }
        return new Grastate(position, safe.equals("1"), fields.getOrDefault("version", ""));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
