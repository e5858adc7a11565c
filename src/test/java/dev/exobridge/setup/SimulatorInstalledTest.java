package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.session.PwshSession;
import dev.exobridge.simulator.SimulatorModule;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An installed simulator is named as such by the module list and by doctor's module step: a warning, not a failure. */
class SimulatorInstalledTest {
    @TempDir
    Path home;

    @Test
    void listAndDoctorFlagTheSimulator() throws Exception {
        Path source = SimulatorModule.folder(PwshEnvironment.system().withVariable("XDG_CACHE_HOME", home.resolve("cache").toString()));
        Path target = home.resolve(".local/share/powershell/Modules/ExchangeOnlineManagement/3.10.1");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        try (PwshSession s = PwshSession.start(Sandbox.session(home))) {
            List<InstalledModule> installed = new ModuleManager(s).list("ExchangeOnlineManagement");
            assertThat(installed).hasSize(1);
            assertThat(installed.get(0).simulator()).isTrue();
            assertThat(installed.get(0).version()).isEqualTo("3.10.1");
        }
        SetupPlan plan = new Setup(SetupOptions.builder().pwsh(TestPwsh.pwsh()).sessionOptions(Sandbox.session(home))
                .module(ModuleSpec.of("ExchangeOnlineManagement").keyCommand("Connect-ExchangeOnline").build()).build()).plan();
        StepCheck module = plan.step("module");
        assertThat(module.status()).as(module.message()).isEqualTo(StepCheck.Status.OK);
        assertThat(module.message()).endsWith(ModuleStep.SIMULATOR_WARNING);
        assertThat(module.details().path("simulator").asBoolean()).isTrue();
    }
}
