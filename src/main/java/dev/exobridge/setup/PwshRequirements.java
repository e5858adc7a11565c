package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshVersion;
import java.util.List;
import java.util.Optional;

/**
 * Which pwsh each ExchangeOnlineManagement version needs, in one place, with the one minimum pwsh
 * exo-bridge accepts at all. Microsoft's release notes ("Supported operating systems"):
 *
 * <table>
 *   <caption>module version to pwsh</caption>
 *   <tr><th>module</th><th>pwsh</th></tr>
 *   <tr><td>3.10.0 and newer</td><td>7.6</td></tr>
 *   <tr><td>3.5.0 to 3.9.x</td><td>7.4</td></tr>
 *   <tr><td>3.0.0 to 3.4.x</td><td>7.2</td></tr>
 * </table>
 *
 * <p>The module's manifest declares {@code PowerShellVersion = '3.0'} in every version, so it is
 * not trusted: this table is. A pre-release needs what its release needs.
 */
public final class PwshRequirements {
    /** The oldest pwsh exo-bridge runs at all: 7.2.0 (what module 3.0 to 3.4 need). */
    public static final PwshVersion MINIMUM_PWSH = PwshLocator.DEFAULT_MINIMUM;

    /** The module's name. */
    public static final String EXCHANGE_MODULE = "ExchangeOnlineManagement";

    private record Row(String fromModule, PwshVersion pwsh) {
    }

    // Newest first: the first row whose module version is at or below the module's wins.
    private static final List<Row> TABLE = List.of(
            new Row("3.10.0", PwshVersion.of(7, 6, 0)),
            new Row("3.5.0", PwshVersion.of(7, 4, 0)),
            new Row("3.0.0", PwshVersion.of(7, 2, 0)));

    private PwshRequirements() {
    }

    /** The pwsh an ExchangeOnlineManagement version needs; versions before 3.0 get {@link #MINIMUM_PWSH}. */
    public static PwshVersion requiredPwsh(String moduleVersion) {
        String release = ModuleVersion.require(moduleVersion, "the module version").split("-", 2)[0];
        for (Row r : TABLE) {
            if (ModuleVersion.compare(release, r.fromModule()) >= 0) {
                return r.pwsh().isAtLeast(MINIMUM_PWSH) ? r.pwsh() : MINIMUM_PWSH;
            }
        }
        return MINIMUM_PWSH;
    }

    /**
     * Why this module version cannot run in this pwsh, naming both, or empty when it can.
     */
    public static Optional<String> mismatch(String moduleVersion, PwshVersion pwsh) {
        PwshVersion needed = requiredPwsh(moduleVersion);
        if (pwsh.isAtLeast(needed)) {
            return Optional.empty();
        }
        return Optional.of(EXCHANGE_MODULE + " " + moduleVersion + " needs pwsh " + needed + " or newer, but it would "
                + "run in pwsh " + pwsh + ": install a newer pwsh (exo-bridge pwsh install) or a module version for this "
                + "pwsh (exo-bridge module install --version ...)");
    }

    /** Compares two module versions ({@code 3.9.2}, {@code 3.10.1-Preview1}), as the Gallery orders them. */
    public static int compareModuleVersions(String a, String b) {
        return ModuleVersion.compare(ModuleVersion.require(a, "a module version"), ModuleVersion.require(b, "a module version"));
    }
}
