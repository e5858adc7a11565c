package dev.exobridge.setup;

import static dev.exobridge.setup.Sandbox.TEST_COMMAND;
import static dev.exobridge.setup.Sandbox.TEST_MODULE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole setup, applied twice on the same (sandboxed) machine: the first run changes what is
 * missing, the second changes nothing and reports only ok and skipped. Plans (doctor) before and
 * after. Steps that fail say why and do not stop the others.
 */
class SetupRunTest {
    @TempDir
    static Path work;
    static Path repo;

    @BeforeAll
    static void repository() throws Exception {
        repo = Sandbox.repository();
    }

    private static SetupOptions.Builder options(Path home, PackageTool tool, ModuleSpec module) {
        return SetupOptions.builder()
                .pwsh(TestPwsh.pwsh())
                .sessionOptions(Sandbox.session(home))
                .repository(RepositorySpec.folder("Local", repo).trusted(true))
                .module(module)
                .tool(tool);
    }

    @Test
    void secondApplyChangesNothingWithPsResourceGet() throws Exception {
        Path home = Files.createDirectories(work.resolve("home-psrg"));
        List<StreamRecord> progress = new CopyOnWriteArrayList<>();
        SetupOptions opts = options(home, PackageTool.AUTO, ModuleSpec.of(TEST_MODULE).keyCommand(TEST_COMMAND).build())
                .listener(new StreamListener() {
                    @Override
                    public void onRecord(StreamRecord r) {
                        if (r.kind() == StreamKind.PROGRESS) {
                            progress.add(r);
                        }
                    }
                })
                .build();
        Setup setup = new Setup(opts);

        SetupPlan before = setup.plan();
        assertThat(before.steps()).extracting(SetupPlan.PlannedStep::step).containsExactlyElementsOf(Setup.STEPS);
        assertThat(before.step("pwsh").status()).isEqualTo(StepCheck.Status.OK);
        assertThat(before.step("execution-policy").status()).isEqualTo(StepCheck.Status.SKIPPED);
        assertThat(before.step("tls").status()).isEqualTo(StepCheck.Status.OK);
        assertThat(before.step("winrm").status()).isEqualTo(StepCheck.Status.SKIPPED);
        assertThat(before.step("repository").status()).isEqualTo(StepCheck.Status.CHANGE);
        assertThat(before.step("repository").change()).contains("register 'Local'");
        assertThat(before.step("module").status()).isEqualTo(StepCheck.Status.CHANGE);
        assertThat(before.step("module").message()).isEqualTo(TEST_MODULE + " is not installed");
        assertThat(before.isSatisfied()).isFalse();

        SetupReport first = setup.apply();
        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.step("repository").status()).isEqualTo(StepStatus.CHANGED);
        assertThat(first.step("module").status()).isEqualTo(StepStatus.CHANGED);
        assertThat(first.step("module").message()).contains("installed " + TEST_MODULE + " 2.0.0 from Local");
        assertThat(first.step("module").details().at("/import/keyCommandFound").asBoolean()).isTrue();
        assertThat(first.step("pwsh").status()).isEqualTo(StepStatus.OK);
        assertThat(first.step("pwsh").details().path("required").asText())
                .as("the installed module's manifest declares 7.0, below exo-bridge's own minimum").isEqualTo("7.2.0");
        assertThat(first.step("pwsh").details().path("requiredBy").asText()).isEqualTo("exo-bridge");
        assertThat(before.step("pwsh").details().path("required").asText())
                .as("before the module is installed: exo-bridge's minimum").isEqualTo("7.2.0");
        assertThat(progress).as("install progress reaches the caller")
                .anySatisfy(r -> assertThat(r.message()).contains("Install module " + TEST_MODULE));

        SetupReport second = setup.apply();
        assertThat(second.steps()).as(second.toString())
                .allSatisfy(r -> assertThat(r.status()).isIn(StepStatus.OK, StepStatus.SKIPPED));
        assertThat(second.changedAnything()).isFalse();
        assertThat(second.step("module").message()).contains(TEST_MODULE + " 2.0.0").contains("imports and has " + TEST_COMMAND);
        assertThat(setup.plan().isSatisfied()).isTrue();

        JsonNode json = second.toJson();
        assertThat(json.path("succeeded").asBoolean()).isTrue();
        assertThat(json.at("/counts/changed").asInt()).isZero();
        assertThat(json.path("steps")).hasSize(6);
        assertThat(json.at("/steps/5/step").asText()).isEqualTo("module");
        assertThat(json.at("/steps/5/status").asText()).isEqualTo("ok");
        assertThat(second.toString()).contains("module: ok").contains("0 changed, 2 skipped, 0 failed");
    }

    @Test
    void failingStepsSayWhyAndDoNotStopTheOthers() throws Exception {
        Path home = Files.createDirectories(work.resolve("home-fail"));
        Path missing = work.resolve("no-such-repo");
        SetupOptions opts = SetupOptions.builder()
                .pwsh(TestPwsh.pwsh())
                .sessionOptions(Sandbox.session(home))
                .requiredPwsh(PwshVersion.of(99, 0, 0))
                .repository(RepositorySpec.folder("Missing", missing).trusted(true))
                .module(ModuleSpec.of(TEST_MODULE).build())
                .build();
        SetupReport r = new Setup(opts).apply();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.step("pwsh").status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("pwsh").message()).contains("is older than 99.0.0, which the caller needs");
        assertThat(r.step("tls").status()).as("other steps still ran").isEqualTo(StepStatus.OK);
        assertThat(r.step("repository").status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("repository").message()).contains("The folder '" + missing + "' of repository 'Missing' does not exist");
        assertThat(r.step("module").status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("module").message()).contains("Repository 'Missing' is not registered");
        assertThat(r.toJson().at("/counts/failed").asInt()).isEqualTo(3);
        assertThat(r.toString()).contains("failed");
    }

    @Test
    void withoutAnyPwshNothingElseIsCheckedAndTheReportSaysWhere() throws Exception {
        Path nothing = work.resolve("no-pwsh-here");
        SetupOptions opts = SetupOptions.builder().pwsh(nothing).module(null).build();
        SetupReport r = new Setup(opts).apply();
        assertThat(r.step("pwsh").status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("pwsh").message()).contains(nothing.toString()).contains("does not exist");
        assertThat(r.steps().subList(1, 6)).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(StepStatus.FAILED);
            assertThat(s.message()).contains("no usable pwsh");
        });
        SetupPlan p = new Setup(opts).plan();
        assertThat(p.step("pwsh").status()).isEqualTo(StepCheck.Status.FAILED);
        assertThat(p.isSatisfied()).isFalse();
    }
}
