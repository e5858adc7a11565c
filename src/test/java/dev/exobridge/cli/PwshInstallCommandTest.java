package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pwsh install} with the real pwsh bundle of this project's machines (a .tar.xz, which was
 * refused), into a home of the test's own; what it says while it works.
 */
class PwshInstallCommandTest {
    private static final Path BUNDLE = Path.of("..", "shared", "pwsh", "pwsh-7.6.9-linux-x64.tar.xz").toAbsolutePath()
            .normalize();

    private static PwshEnvironment home(Path home) {
        return new PwshEnvironment(Map.of("EXOBRIDGE_CACHE_HOME", "off"), System.getProperty("os.name"), home);
    }

    @Test
    void aWrongChecksumIsRefusedBeforeUnpackingAndNeverSaysDone(@TempDir Path home) throws Exception {
        Path archive = Files.write(home.resolve("powershell.tar.xz"), new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 1});
        CliRun r = CliRun.with(home(home), "", "pwsh", "install", "--from", archive.toString(), "--sha256", "0".repeat(64));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("SHA-256").doesNotContain("unpacking").doesNotContain("done");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void installsFromATarXzBundle(@TempDir Path home) throws Exception {
        assertThat(BUNDLE).as("the pwsh bundle of this project's machines (see ../shared/pwsh/README.md)").isRegularFile();
        String sha = Files.readString(Path.of(BUNDLE + ".sha256")).strip().split("\\s+")[0];
        CliRun r = CliRun.with(home(home), "", "pwsh", "install", "--from", BUNDLE.toString(), "--sha256", sha, "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        var json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("status").asText()).isEqualTo("changed");
        assertThat(json.get("version").asText()).isEqualTo("7.6.9");
        assertThat(json.get("executable").asText()).startsWith(home.toString());
        assertThat(r.err()).contains("checking the SHA-256").endsWith("PROGRESS: Installing pwsh: done\n");
    }
}
