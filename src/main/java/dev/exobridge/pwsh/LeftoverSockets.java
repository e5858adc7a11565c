package dev.exobridge.pwsh;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Unix sockets and pipes a pwsh leaves in its temporary folder when it is killed: PowerShell's host
 * pipe {@code CoreFxPipe_PSHost.<time>.<pid>.<domain>.pwsh} (for {@code Enter-PSHostProcess})
 * and the .NET runtime's diagnostic socket {@code dotnet-diagnostic-<pid>-<n>-socket} and
 * debugger pipes {@code clr-debug-pipe-<pid>-<n>-in} and {@code -out} (which {@link
 * PwshLaunch#DEFAULT_ENVIRONMENT_UNLESS_INHERITED}'s {@code DOTNET_EnableDiagnostics=0}
 * prevents unless the caller turns diagnostics back on). A clean exit removes them; a {@code kill -9} cannot, so whoever killed the
 * process removes them, once it is gone (the pid is not reused while we still hold it).
 */
public final class LeftoverSockets {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverSockets.class);

    private LeftoverSockets() {
    }

    /**
     * The temporary folder a child with these environment changes uses, as .NET chooses it:
     * {@code TMPDIR} (the change's, else the JVM's), else {@code /tmp}.
     *
     * @param environmentChanges variables set for the child; an empty value removes one
     */
    public static Path tempDirectory(Map<String, String> environmentChanges) {
        String tmp = environmentChanges.containsKey("TMPDIR") ? environmentChanges.get("TMPDIR") : System.getenv("TMPDIR");
        return Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp);
    }

    /** The sockets and pipes of process {@code pid} in {@code tmp}. */
    public static List<Path> of(long pid, Path tmp) {
        List<Path> found = new ArrayList<>();
        String pipe = "." + pid + ".";
        String diagnostic = "dotnet-diagnostic-" + pid + "-";
        String debug = "clr-debug-pipe-" + pid + "-";
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tmp,
                p -> {
                    String n = p.getFileName().toString();
                    return n.startsWith("CoreFxPipe_PSHost.") && n.contains(pipe) || n.startsWith(diagnostic)
                            || n.startsWith(debug);
                })) {
            dir.forEach(found::add);
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list {}: {}", tmp, e.toString());
        }
        return found;
    }

    /**
     * Removes the sockets and pipes of the dead process {@code pid} from {@code tmp}; never throws.
     *
     * @return how many were removed
     */
    public static int remove(long pid, Path tmp) {
        int removed = 0;
        for (Path p : of(pid, tmp)) {
            try {
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("cannot remove {}: {}", p, e.toString());
            }
        }
        if (removed > 0) {
            LOG.debug("removed {} socket(s) of the killed pwsh {} from {}", removed, pid, tmp);
        }
        return removed;
    }
}
