package galera.agent.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReferenceTest {
    @Test
    void committedReferenceMatchesTheCode() throws IOException {
        String committed = Files.readString(Path.of("docs/configuration.md"));
        assertEquals(ConfigReference.markdown(), committed,
                "docs/configuration.md is out of date: regenerate it with "
                        + "java -cp target/galera-agent.jar galera.agent.config.ConfigReference > docs/configuration.md");
    }

    @Test
    void everyKeyIsListed() {
        String md = ConfigReference.markdown();
        for (ConfigKey k : ConfigKey.values()) {
            assertTrue(md.contains("| `" + k.key() + "` |"), k.key());
        }
    }
}
