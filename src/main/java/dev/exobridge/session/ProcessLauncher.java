package dev.exobridge.session;

import dev.exobridge.pwsh.PwshInstallation;
import dev.exobridge.pwsh.PwshLaunch;
import dev.exobridge.pwsh.PwshLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds pwsh (once per executable and JVM: the version probe costs a process start) and starts
 * it in server mode with the session's arguments, environment and working directory.
 */
final class ProcessLauncher {
    /** Located installations by explicit path ("" for discovery), re-probed when the file changes. */
    private static final Map<String, Located> LOCATED = new ConcurrentHashMap<>();

    private record Located(PwshInstallation installation, FileTime modified) {
    }

    private ProcessLauncher() {
    }

    /** util-linux's setsid, for {@link SessionOptions#ownProcessSession()}; null where there is none. */
    private static final Path SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

    static Process launch(SessionOptions options) {
        PwshInstallation pwsh = locate(options.pwsh());
        // PwshLaunch owns the defaults (arguments, environment); the options change them.
        PwshLaunch launch = PwshLaunch.of(pwsh).withArguments(options.arguments())
                .withWorkingDirectory(options.workingDirectory());
        if (ownSession(options)) {
            // setsid execs pwsh in place (a Java child is no group leader), so the pid is pwsh's.
            List<String> args = new ArrayList<>();
            args.add(pwsh.executable().toString());
            args.addAll(options.arguments());
            launch = PwshLaunch.of(SETSID).withArguments(args).withWorkingDirectory(options.workingDirectory());
        }
        for (Map.Entry<String, String> e : options.environment().entrySet()) {
            launch = e.getValue().isEmpty() ? launch.withoutEnvironment(e.getKey())
                    : launch.withEnvironment(e.getKey(), e.getValue());
        }
        if (options.fastSerializer() && options.batchOutput()) {
            Path folder = FastSerializer.folder(options.environment());
            if (folder != null) {
                launch = launch.withEnvironment(FastSerializer.VARIABLE, folder.toString());
            }
        }
        try {
            return launch.start();
        } catch (IOException e) {
            throw new SessionStartException("cannot start " + pwsh.executable() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code options} start pwsh as the leader of a process session of its own (its pid is the session's id). */
    static boolean ownSession(SessionOptions options) {
        return options.ownProcessSession() && SETSID != null;
    }

    static PwshInstallation locate(Path explicit) {
        String key = explicit == null ? "" : explicit.toAbsolutePath().toString();
        Located cached = LOCATED.get(key);
        if (cached != null && cached.modified().equals(modified(cached.installation().executable()))) {
            return cached.installation();
        }
        PwshInstallation found = PwshLocator.builder().explicit(explicit).build().locate();
        LOCATED.put(key, new Located(found, modified(found.executable())));
        return found;
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(-1);
        }
    }
}
