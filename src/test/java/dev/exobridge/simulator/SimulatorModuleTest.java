package dev.exobridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the simulator lives and how a session is told to use it (no pwsh needed). */
class SimulatorModuleTest {
    @TempDir
    Path home;

    @Test
    void defaultStateFileIsUnderTheUsersDataFolder() {
        PwshEnvironment linux = new PwshEnvironment(Map.of(), "Linux", Path.of("/home/u"));
        assertThat(SimulatorModule.defaultStateFile(linux)).isEqualTo(Path.of("/home/u/.local/share/exo-bridge/simulator/tenant.json"));
        assertThat(SimulatorModule.defaultStateFile(linux.withVariable("XDG_DATA_HOME", "/data")))
                .isEqualTo(Path.of("/data/exo-bridge/simulator/tenant.json"));
        PwshEnvironment windows = new PwshEnvironment(Map.of("LOCALAPPDATA", "C:\\L"), "Windows 11", Path.of("/home/u"));
        assertThat(SimulatorModule.defaultStateFile(windows).toString()).startsWith("C:\\L").endsWith("tenant.json");
    }

    @Test
    void configurePutsTheFolderFirstAndNamesTheState() {
        PwshEnvironment env = PwshEnvironment.system().withVariable("XDG_CACHE_HOME", home.toString());
        SessionOptions o = SimulatorModule.configure(SessionOptions.builder(), Path.of("t.json"), env).build();
        Path folder = SimulatorModule.folder(env);
        assertThat(folder.startsWith(home)).isTrue();
        assertThat(o.modulePathFirst()).isEqualTo(folder.getParent());
        assertThat(o.environment()).containsEntry(SimulatorModule.STATE_VARIABLE, Path.of("t.json").toAbsolutePath().toString());
        assertThat(SimulatorModule.manifest(env)).isRegularFile();
    }

    @Test
    void simulatorIsKnownByItsTag() {
        assertThat(SimulatorModule.isSimulator(List.of("exo-bridge", "simulator"))).isTrue();
        assertThat(SimulatorModule.isSimulator(List.of("Exchange", "Office365"))).isFalse();
        assertThat(SimulatorModule.isSimulator(null)).isFalse();
    }
}
