package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.pwsh.PwshPrerequisiteException;
import dev.exobridge.pwsh.PwshVersion;
import java.util.Optional;

/**
 * pwsh: found by discovery and at least the required version: what the caller sets, else what
 * the chosen module version needs ({@link PwshRequirements} for ExchangeOnlineManagement, whose
 * manifest understates it; the manifest's {@code PowerShellVersion} for others), never below
 * {@link PwshRequirements#MINIMUM_PWSH}. On request installed from an archive (see {@link PwshInstaller}); never
 * downloads anything unless an archive URL is given.
 *
 * <p>Runs in two halves: {@link #find} before the session starts (Java only: discovery, the
 * install) and {@link #judge} at the end of the run (it reads the manifest of the module the
 * run installed).
 */
final class PwshStep {
    static final String NAME = "pwsh";

    /**
     * What {@link #find} found.
     *
     * @param installation the pwsh to run the other steps with, or {@code null}
     * @param installedNow whether it was installed by this run
     * @param pending      what an apply would install (plan only), or {@code null}
     * @param failure      why finding or installing failed, or {@code null}
     */
    record Found(PwshInstallation installation, boolean installedNow, String pending, String failure) {
    }

    private final SetupOptions options;

    PwshStep(SetupOptions options) {
        this.options = options;
    }

    /** Finds pwsh, installing it from the archive first when asked and {@code apply} is set. */
    Found find(boolean apply) {
        PwshArchive archive = options.pwshArchive();
        if (archive == null) {
            return located(null, null);
        }
        PwshInstaller installer = options.installer();
        Optional<PwshInstallation> existing = installer.installedFrom(archive);
        if (existing.isPresent()) {
            return new Found(existing.get(), false, null, null);
        }
        if (!apply) {
            return located("install pwsh from " + archive.location() + " into " + installer.installRoot(), null);
        }
        try {
            return new Found(installer.install(archive), true, null, null);
        } catch (SetupException e) {
            // The install failed and changed nothing: the other steps can still run on what is there.
            return located(null, e.getMessage());
        }
    }

    private Found located(String pending, String failure) {
        try {
            PwshInstallation found = PwshLocator.builder().environment(options.environment()).explicit(options.pwsh())
                    .build().locate();
            return new Found(found, false, pending, failure);
        } catch (PwshPrerequisiteException e) {
            return new Found(null, false, pending, failure != null ? failure : e.getMessage());
        }
    }

    /** The verdict, once a session runs the pwsh found ({@code ctx} may be {@code null} when none runs). */
    StepCheck judge(Found found, SetupContext ctx) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        PwshInstallation inst = found.installation();
        if (inst != null) {
            d.put("path", inst.executable().toString());
            d.put("version", inst.version().toString());
            d.put("source", inst.source());
        }
        if (found.failure() != null) {
            return StepCheck.failed(found.failure(), d);
        }
        if (inst == null) {
            return StepCheck.change("no usable pwsh found", found.pending(), d);
        }
        PwshVersion required = PwshRequirements.MINIMUM_PWSH;
        String requiredBy = "exo-bridge";
        if (options.requiredPwsh() != null) {
            required = options.requiredPwsh();
            requiredBy = "the caller";
        } else if (ctx != null && ctx.moduleSpec() != null) {
            ModuleSpec spec = ctx.moduleSpec();
            Optional<InstalledModule> m = ModuleStep.chosen(spec, ctx.modules().list(spec.name()));
            if (m.isPresent()) {
                PwshVersion needs = needs(m.get());
                if (needs != null && needs.isAtLeast(required)) {
                    required = needs;
                    requiredBy = spec.name() + " " + m.get().version();
                }
            }
        }
        d.put("required", required.toString());
        d.put("requiredBy", requiredBy);
        String state = "pwsh " + inst.version() + " at " + inst.executable() + " (found by " + inst.source() + "); "
                + required + " or newer needed (" + requiredBy + ")";
        if (found.pending() != null) {
            return StepCheck.change(state, found.pending(), d);
        }
        if (!inst.version().isAtLeast(required)) {
            return StepCheck.failed("pwsh " + inst.version() + " at " + inst.executable() + " is older than " + required
                    + ", which " + requiredBy + " needs. Install a newer PowerShell (exo-bridge pwsh install with a "
                    + "release archive), or name a newer pwsh with " + PwshLocator.ENV_PWSH, d);
        }
        return StepCheck.ok(state, d);
    }

    /** What a module version needs: the table for ExchangeOnlineManagement, else its manifest's declaration. */
    static PwshVersion needs(InstalledModule m) {
        if (PwshRequirements.EXCHANGE_MODULE.equalsIgnoreCase(m.name()) && ModuleVersion.isValid(m.version())) {
            return PwshRequirements.requiredPwsh(m.version());
        }
        if (m.powerShellVersion() == null) {
            return null;
        }
        try {
            return PwshVersion.parse(m.powerShellVersion());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
