package dev.exobridge.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.setup.PwshRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ExchangeOnlineManagement module a session would import (the first on its PSModulePath) and
 * the pwsh it runs in.
 *
 * @param version   the module's version with its pre-release label, e.g. {@code 3.10.1-Preview1}
 * @param manifest  its manifest's path
 * @param simulator whether it is exo-bridge's simulator (its Tags or Description say so)
 * @param pwsh      the session's pwsh version
 */
public record ModuleInfo(String version, String manifest, boolean simulator, PwshVersion pwsh) {
    /** Where {@code -EXOModuleBasePath} first exists. */
    static final String BASE_PATH_SINCE = "3.9.2";

    /** From the JSON module-check.ps1 writes; a missing module is an {@link ExchangeModuleException}. */
    static ModuleInfo of(JsonNode o) {
        PwshVersion pwsh = PwshVersion.parse(o.path("Pwsh").asText());
        if (!o.path("Found").asBoolean()) {
            throw new ExchangeModuleException("the ExchangeOnlineManagement module is not installed where this pwsh ("
                    + pwsh + ") looks for modules (PSModulePath: " + o.path("ModulePath").asText()
                    + "). Install it with 'exo-bridge setup' or 'exo-bridge module install', or use --simulator "
                    + "for exo-bridge's simulator", null);
        }
        String version = o.path("Version").asText();
        String pre = o.path("Prerelease").asText("");
        if (!pre.isBlank() && !"null".equals(pre)) {
            version = version + "-" + pre;
        }
        List<String> tags = new ArrayList<>();
        o.path("Tags").forEach(t -> tags.add(t.asText().toLowerCase(Locale.ROOT)));
        boolean sim = tags.contains("simulator")
                || o.path("Description").asText("").startsWith("exo-bridge Exchange Online simulator");
        return new ModuleInfo(version, o.path("Path").asText(), sim, pwsh);
    }

    /** Whether {@code -EXOModuleBasePath} exists in this version (3.9.2+). */
    public boolean hasModuleBasePath() {
        return PwshRequirements.compareModuleVersions(version, BASE_PATH_SINCE) >= 0;
    }

    /**
     * Refuses a module this pwsh cannot run, or the simulator when it was not asked for.
     *
     * @throws ExchangeModuleException naming both versions
     */
    void check(boolean allowSimulator) {
        PwshRequirements.mismatch(version, pwsh).ifPresent(why -> {
            throw new ExchangeModuleException(why + " (module at " + manifest + ")", null);
        });
        if (simulator && !allowSimulator) {
            throw new ExchangeModuleException("the ExchangeOnlineManagement module at " + manifest + " is exo-bridge's "
                    + "Exchange Online simulator, not Microsoft's module; give --simulator (library: "
                    + "ExchangeOptions.allowSimulator) to use it on purpose, or install the real module", null);
        }
    }
}
