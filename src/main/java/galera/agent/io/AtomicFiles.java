package galera.agent.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a small file's content atomically: the text goes to a temporary file beside it, which is then
 * renamed over it, so a reader (the OCF agent, Galera, the agent after a crash) sees the old file or the new
 * one, never half of one.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void replace(Path file, String text) throws IOException {
        replace(file, text, false);
    }

    /** As {@link #replace}, and the new file keeps the old one's owner and permissions (grastate.dat is mysql's). */
    public static void replaceKeepingOwner(Path file, String text) throws IOException {
        replace(file, text, true);
    }

    private static void replace(Path file, String text, boolean keepOwner) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".galera-agent.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (keepOwner) {
            Files.setOwner(tmp, Files.getOwner(file));
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
