package dev.exobridge.session;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.scripts.PsScriptsException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * exo-bridge's own CLIXML writer for batched output ({@code ps-scripts/fast-clixml/FastClixml.cs},
 * used by output-batch.ps1; see {@link SessionOptions.Builder#fastSerializer}): its source is
 * copied into the ps-scripts cache folder of the session's environment, and pwsh learns that
 * folder from {@link #VARIABLE}. pwsh compiles and caches the DLL there itself.
 */
final class FastSerializer {
    /** The variable of pwsh's environment naming the folder of FastClixml.cs. */
    static final String VARIABLE = "EXOBRIDGE_FAST_CLIXML";
    private static final Logger LOG = LoggerFactory.getLogger(FastSerializer.class);

    private FastSerializer() {
    }

    /**
     * The folder holding FastClixml.cs for a session whose environment changes the JVM's by
     * {@code changes} (an empty value removes a variable), or null when it cannot be written
     * anywhere (then PowerShell's serialiser does everything).
     */
    static Path folder(Map<String, String> changes) {
        PwshEnvironment env = PwshEnvironment.system();
        for (Map.Entry<String, String> e : changes.entrySet()) {
            env = e.getValue().isEmpty() ? env.withoutVariable(e.getKey()) : env.withVariable(e.getKey(), e.getValue());
        }
        env = new PwshEnvironment(env.variables(), env.osName(),
                PwshEnvironment.homeOf(env.variables(), env.osName(), env.userHome().toString()));
        try {
            return PsScripts.extract("fast-clixml", "FastClixml", PsScripts.defaultCacheRoot(env));
        } catch (PsScriptsException e) {
            LOG.warn("the fast serialiser is off for this session: {}", e.getMessage());
            return null;
        }
    }
}
