package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PwshProbeTest {
    @TempDir
    Path tmp;

    @Test
    void realPwshIsAtLeast72() {
        PwshVersion version = PwshProbe.version(FakePwsh.real());
        assertThat(version.isAtLeast(PwshVersion.of(7, 2, 0))).as("version %s", version).isTrue();
    }

    @Test
    void infoOfTheRealPwsh() {
        Path real = FakePwsh.real();
        PwshProbe.Info info = PwshProbe.info(real);
        assertThat(info.executable()).isEqualTo(real);
        assertThat(info.version()).isEqualTo(PwshProbe.version(real));
        assertThat(info.edition()).isEqualTo("Core");
        assertThat(info.os()).isNotBlank();
        assertThat(info.platform()).isIn("Unix", "Win32NT");
        assertThat(Files.isDirectory(info.psHome().resolve("Modules"))).as("%s/Modules", info.psHome()).isTrue();
        // PowerShell always puts $PSHOME/Modules on the module path.
        assertThat(info.modulePaths()).contains(info.psHome().resolve("Modules"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void hangingProbeTimesOutWithAClearMessage() throws IOException {
        Path hanging = FakePwsh.script(tmp, "pwsh", "exec sleep 600");
        assertThatThrownBy(() -> PwshProbe.version(hanging, Duration.ofMillis(1500)))
                .isInstanceOfSatisfying(PwshProbeException.class, e -> {
                    assertThat(e.executable()).isEqualTo(hanging);
                    assertThat(e.getMessage()).isEqualTo(hanging
                            + " did not answer within 1500 ms and was killed (with its child processes)");
                });
    }

    @Test
    void missingExecutableCannotRun() {
        Path missing = tmp.resolve("no-pwsh");
        assertThatThrownBy(() -> PwshProbe.version(missing))
                .isInstanceOf(PwshProbeException.class)
                .hasMessageContaining("Cannot run " + missing);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void hugeOutputIsBoundedAndReported() throws IOException {
        Path flood = FakePwsh.script(tmp, "pwsh", "yes pwsh | head -c 5000000");
        assertThatThrownBy(() -> PwshProbe.version(flood))
                .isInstanceOf(PwshProbeException.class)
                .hasMessageContaining("instead of a PowerShell version")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(1000));
    }
}
