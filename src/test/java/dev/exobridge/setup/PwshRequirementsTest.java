package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshVersion;
import org.junit.jupiter.api.Test;

/** The module-version to pwsh table and the one minimum pwsh. */
class PwshRequirementsTest {
    @Test
    void eachModuleVersionNeedsItsPwsh() {
        assertThat(PwshRequirements.requiredPwsh("3.10.1")).isEqualTo(PwshVersion.of(7, 6, 0));
        assertThat(PwshRequirements.requiredPwsh("3.10.0")).isEqualTo(PwshVersion.of(7, 6, 0));
        assertThat(PwshRequirements.requiredPwsh("3.10.1-Preview1")).as("a pre-release needs what its release needs")
                .isEqualTo(PwshVersion.of(7, 6, 0));
        assertThat(PwshRequirements.requiredPwsh("3.9.2")).isEqualTo(PwshVersion.of(7, 4, 0));
        assertThat(PwshRequirements.requiredPwsh("3.5.0")).isEqualTo(PwshVersion.of(7, 4, 0));
        assertThat(PwshRequirements.requiredPwsh("3.4.0")).isEqualTo(PwshVersion.of(7, 2, 0));
        assertThat(PwshRequirements.requiredPwsh("3.0.0")).isEqualTo(PwshVersion.of(7, 2, 0));
        assertThat(PwshRequirements.requiredPwsh("2.0.5")).isEqualTo(PwshRequirements.MINIMUM_PWSH);
    }

    @Test
    void theMinimumIsOneConstant() {
        assertThat(PwshRequirements.MINIMUM_PWSH).isSameAs(PwshLocator.DEFAULT_MINIMUM).isEqualTo(PwshVersion.of(7, 2, 0));
    }

    @Test
    void aMismatchNamesBothVersions() {
        assertThat(PwshRequirements.mismatch("3.10.1", PwshVersion.of(7, 4, 6))).hasValueSatisfying(m ->
                assertThat(m).contains("3.10.1").contains("7.6.0").contains("7.4.6"));
        assertThat(PwshRequirements.mismatch("3.10.1", PwshVersion.of(7, 6, 9))).isEmpty();
        assertThat(PwshRequirements.mismatch("3.9.2", PwshVersion.of(7, 2, 24))).isPresent();
        assertThat(PwshRequirements.mismatch("3.4.0", PwshVersion.of(7, 2, 0))).isEmpty();
    }

    @Test
    void theSetupAndDoctorStepUsesTheTableForExchangeOnlineAndTheManifestForOthers() {
        // The real module's manifest always says 3.0: the table decides, so doctor reports 3.10 on pwsh 7.4.
        assertThat(PwshStep.needs(new InstalledModule("ExchangeOnlineManagement", "3.10.1", "/m", "3.0", false)))
                .isEqualTo(PwshVersion.of(7, 6, 0));
        assertThat(PwshStep.needs(new InstalledModule("ExchangeOnlineManagement", "3.7.2", "/m", "3.0", false)))
                .isEqualTo(PwshVersion.of(7, 4, 0));
        assertThat(PwshStep.needs(new InstalledModule("Pester", "5.7.1", "/m", "7.3", false))).isEqualTo(PwshVersion.of(7, 3, 0));
        assertThat(PwshStep.needs(new InstalledModule("Pester", "5.7.1", "/m", null, false))).isNull();
    }
}
