package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value types: version requirements, specs, archive names, and how plans and reports render. */
class SetupModelTest {
    @Test
    void versionRequirementsParseMatchAndPrint() {
        assertThat(VersionRequirement.parse("")).isEqualTo(VersionRequirement.any());
        assertThat(VersionRequirement.parse("3.5.0").required()).isEqualTo("3.5.0");
        assertThat(VersionRequirement.parse(">=3.5.0").minimum()).isEqualTo("3.5.0");
        assertThat(VersionRequirement.parse("<=3.9.0").maximum()).isEqualTo("3.9.0");
        VersionRequirement both = VersionRequirement.parse("3.5.0..3.9.0");
        assertThat(both).hasToString("3.5.0..3.9.0");
        assertThat(both.matches("3.5.0")).isTrue();
        assertThat(both.matches("3.9.0")).isTrue();
        assertThat(both.matches("3.10.0")).as("numbers compare as numbers").isFalse();
        assertThat(both.matches("3.9.0-preview1")).isTrue();
        assertThat(VersionRequirement.atLeast("3.9.0").matches("3.9.0-preview1")).as("a pre-release is older").isFalse();
        assertThat(VersionRequirement.exactly("1.0").matches("1.0.0.0")).isTrue();
        assertThat(VersionRequirement.atMost("6.0").describe()).isEqualTo("version 6.0 or older");
        assertThatThrownBy(() -> VersionRequirement.between("2.0", "1.0")).hasMessageContaining("above the maximum");
        assertThatThrownBy(() -> VersionRequirement.parse("newest")).hasMessageContaining("is not a version requirement");
    }

    @Test
    void specsHaveTheDocumentedDefaults() {
        ModuleSpec exo = ModuleSpec.exchangeOnline();
        assertThat(exo.name()).isEqualTo("ExchangeOnlineManagement");
        assertThat(exo.keyCommand()).isEqualTo("Connect-ExchangeOnline");
        assertThat(exo.scope()).isEqualTo(ModuleScope.CURRENT_USER);
        assertThat(exo.version().isAny()).isTrue();
        assertThat(ModuleSpec.of("Pester").build().keyCommand()).isNull();
        assertThat(RepositorySpec.parse("PSGallery", null).isGallery()).isTrue();
        assertThat(RepositorySpec.parse("Feed", "https://pkgs.example.com/v2").location()).isEqualTo("https://pkgs.example.com/v2");
        assertThat(RepositorySpec.parse("Offline", "/srv/ps").location()).isEqualTo(Path.of("/srv/ps").toString());
        assertThatThrownBy(() -> RepositorySpec.parse("Private", null)).hasMessageContaining("needs a location");
        assertThat(PackageTool.parse("psrg")).isEqualTo(PackageTool.PSRESOURCEGET);
        assertThat(ExecutionPolicy.parse("remotesigned")).isEqualTo(ExecutionPolicy.REMOTE_SIGNED);
        SetupOptions d = SetupOptions.defaults();
        assertThat(d.executionPolicy()).isEqualTo(ExecutionPolicy.REMOTE_SIGNED);
        assertThat(d.policyScope()).isEqualTo(PolicyScope.CURRENT_USER);
        assertThat(d.winrmQuickConfig()).isFalse();
        assertThat(d.pwshArchive()).as("nothing is downloaded unless asked").isNull();
        assertThat(d.repository().name()).isEqualTo("PSGallery");
    }

    @Test
    void officialArchiveNamesPerPlatform() {
        PwshVersion v = PwshVersion.of(7, 4, 6);
        assertThat(PwshPlatform.LINUX_X64.archiveName(v)).isEqualTo("PowerShell-7.4.6-linux-x64.tar.gz");
        assertThat(PwshPlatform.LINUX_ARM64.archiveName(v)).isEqualTo("PowerShell-7.4.6-linux-arm64.tar.gz");
        assertThat(PwshPlatform.MACOS_ARM64.archiveName(v)).isEqualTo("PowerShell-7.4.6-osx-arm64.tar.gz");
        assertThat(PwshPlatform.MACOS_X64.archiveName(v)).isEqualTo("PowerShell-7.4.6-osx-x64.tar.gz");
        assertThat(PwshPlatform.WINDOWS_X64.archiveName(v)).isEqualTo("PowerShell-7.4.6-win-x64.zip");
        assertThat(PwshPlatform.WINDOWS_X64.releaseUrl(v)).hasToString(
                "https://github.com/PowerShell/PowerShell/releases/download/v7.4.6/PowerShell-7.4.6-win-x64.zip");
        assertThat(PwshPlatform.of("Linux", "amd64")).isEqualTo(PwshPlatform.LINUX_X64);
        assertThat(PwshPlatform.of("Mac OS X", "aarch64")).isEqualTo(PwshPlatform.MACOS_ARM64);
        assertThat(PwshPlatform.of("Windows 11", "amd64")).isEqualTo(PwshPlatform.WINDOWS_X64);
        assertThatThrownBy(() -> PwshPlatform.of("Linux", "s390x")).hasMessageContaining("s390x");
        assertThatThrownBy(() -> PwshArchive.parse("/tmp/p.tar.gz", "abc")).hasMessageContaining("64 hex digits");
        assertThat(PwshArchive.parse("https://example.com/p.tar.gz", "A".repeat(64)).isRemote()).isTrue();
    }

    @Test
    void reportRendersAsJsonAndTable() {
        ObjectNode d = JsonNodeFactory.instance.objectNode().put("version", "7.6.9");
        SetupReport r = new SetupReport(List.of(
                new StepResult("pwsh", StepStatus.OK, "pwsh 7.6.9 at /opt/pwsh", d),
                new StepResult("execution-policy", StepStatus.SKIPPED, "not Windows", null),
                new StepResult("module", StepStatus.CHANGED, "installed X 1.0.0\nfrom Local", null),
                new StepResult("repository", StepStatus.FAILED, "folder missing", null)));
        assertThat(r.succeeded()).isFalse();
        assertThat(r.changedAnything()).isTrue();
        assertThat(r.toJson().toString()).isEqualTo("{\"succeeded\":false,\"changed\":true,"
                + "\"counts\":{\"ok\":1,\"changed\":1,\"skipped\":1,\"failed\":1},\"steps\":["
                + "{\"step\":\"pwsh\",\"status\":\"ok\",\"message\":\"pwsh 7.6.9 at /opt/pwsh\",\"details\":{\"version\":\"7.6.9\"}},"
                + "{\"step\":\"execution-policy\",\"status\":\"skipped\",\"message\":\"not Windows\",\"details\":{}},"
                + "{\"step\":\"module\",\"status\":\"changed\",\"message\":\"installed X 1.0.0\\nfrom Local\",\"details\":{}},"
                + "{\"step\":\"repository\",\"status\":\"failed\",\"message\":\"folder missing\",\"details\":{}}]}");
        // The library returns data only; the CLI renders the table (cli.ReportsTest).
        assertThat(r.toString()).startsWith("1 ok, 1 changed, 1 skipped, 1 failed\npwsh: ok: pwsh 7.6.9 at /opt/pwsh");
    }

    @Test
    void planShowsWhatApplyingWouldDo() {
        SetupPlan p = new SetupPlan(List.of(
                new SetupPlan.PlannedStep("tls", StepCheck.ok("SecurityProtocol SystemDefault", null)),
                new SetupPlan.PlannedStep("module", StepCheck.change("X is not installed", "install X from Local", null))));
        assertThat(p.isSatisfied()).isFalse();
        assertThat(p.toJson().at("/steps/1/change").asText()).isEqualTo("install X from Local");
        assertThat(p.toJson().at("/steps/0/change").isNull()).isTrue();
        assertThat(p.toString()).isEqualTo("1 ok, 1 to change, 0 skipped, 0 failed\ntls: ok: SecurityProtocol SystemDefault"
                + "\nmodule: change: X is not installed -> install X from Local");
    }
}
