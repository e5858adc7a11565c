package dev.exobridge.pwsh;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Asks a pwsh about itself by running it once (commons-exec, a watchdog that kills the whole
 * process tree on timeout, stdin closed, {@code POWERSHELL_TELEMETRY_OPTOUT=1} and {@code
 * POWERSHELL_UPDATECHECK=Off} added to the JVM's environment, {@code -NoLogo -NoProfile
 * -NonInteractive}). Each question costs one pwsh start: about 0.3-1 s.
 *
 * <p>Default timeout: {@link #DEFAULT_TIMEOUT} (30 s; a cold first start on a slow disk or a
 * machine scanning new executables can take several seconds).
 */
public final class PwshProbe {
    /** Default time a probe may take before it is killed: 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Arguments of the version probe, exactly as run. */
    static final List<String> VERSION_ARGS = List.of(
            "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()");

    // One line per fact, "key=value"; module paths one line each. UTF-8 so that a PSHOME under a
    // non-ASCII user name survives the Windows console code page.
    private static final String INFO_SCRIPT = String.join("\n",
            "[Console]::OutputEncoding = [System.Text.UTF8Encoding]::new($false)",
            "'version=' + $PSVersionTable.PSVersion.ToString()",
            "'edition=' + $PSVersionTable.PSEdition",
            "'os=' + $PSVersionTable.OS",
            "'platform=' + $PSVersionTable.Platform",
            "'pshome=' + $PSHOME",
            "foreach ($p in ($env:PSModulePath -split [IO.Path]::PathSeparator)) { if ($p) { 'modulepath=' + $p } }");

    /**
     * Facts about one pwsh, as {@code exo-bridge pwsh info} shows them.
     *
     * @param executable  the pwsh asked
     * @param version     {@code $PSVersionTable.PSVersion}
     * @param edition     {@code $PSVersionTable.PSEdition}: {@code Core} for PowerShell 7
     * @param os          {@code $PSVersionTable.OS}, e.g. {@code Linux 6.1.0 #1 SMP ...}
     * @param platform    {@code $PSVersionTable.Platform}: {@code Unix} or {@code Win32NT}
     * @param psHome      {@code $PSHOME}, where PowerShell's own files and built-in modules are
     * @param modulePaths {@code $env:PSModulePath} split, in order
     */
    public record Info(Path executable, PwshVersion version, String edition, String os, String platform,
                       Path psHome, List<Path> modulePaths) {
        public Info {
            modulePaths = List.copyOf(modulePaths);
        }
    }

    private PwshProbe() {
    }

    /** {@link #version(Path, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static PwshVersion version(Path executable) {
        return version(executable, DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code pwsh -NoLogo -NoProfile -NonInteractive -Command
     * $PSVersionTable.PSVersion.ToString()} and parses the last non-blank line it prints.
     *
     * @throws PwshProbeException when it cannot start, times out, exits non-zero or prints no version
     */
    public static PwshVersion version(Path executable, Duration timeout) {
        WatchedRun.Result r = runChecked(executable, VERSION_ARGS, timeout);
        String line = lastNonBlankLine(r.stdout());
        try {
            return PwshVersion.parse(line);
        } catch (IllegalArgumentException e) {
            throw new PwshProbeException(executable, executable + " printed '" + abbreviate(r.stdout().strip())
                    + "' instead of a PowerShell version; is it really pwsh?", e);
        }
    }

    /** {@link #info(Path, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Info info(Path executable) {
        return info(executable, DEFAULT_TIMEOUT);
    }

    /**
     * Runs one short script that reports version, edition, OS, platform, PSHOME and module paths.
     * The script goes as {@code -EncodedCommand} so no OS quoting rule can alter it.
     *
     * @throws PwshProbeException when it cannot start, times out, exits non-zero or the answer is incomplete
     */
    public static Info info(Path executable, Duration timeout) {
        String encoded = Base64.getEncoder().encodeToString(INFO_SCRIPT.getBytes(StandardCharsets.UTF_16LE));
        WatchedRun.Result r = runChecked(executable,
                List.of("-NoLogo", "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded), timeout);
        String version = null;
        String edition = "";
        String os = "";
        String platform = "";
        Path psHome = null;
        List<Path> modulePaths = new ArrayList<>();
        try {
            for (String line : r.stdout().split("\\R")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    case "version" -> version = value;
                    case "edition" -> edition = value;
                    case "os" -> os = value;
                    case "platform" -> platform = value;
                    case "pshome" -> psHome = Path.of(value);
                    case "modulepath" -> modulePaths.add(Path.of(value));
                    default -> { /* a line of ours it does not know: ignore */ }
                }
            }
            if (version == null || psHome == null) {
                throw new IllegalArgumentException("no version or PSHOME line");
            }
            return new Info(executable, PwshVersion.parse(version), edition, os, platform, psHome, modulePaths);
        } catch (IllegalArgumentException e) { // InvalidPathException included
            throw new PwshProbeException(executable, executable + " gave an incomplete answer to the info script ("
                    + e.getMessage() + "): '" + abbreviate(r.stdout().strip()) + "'", e);
        }
    }

    private static WatchedRun.Result runChecked(Path executable, List<String> args, Duration timeout) {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(timeout, "timeout");
        WatchedRun.Result r = WatchedRun.run(executable, args, timeout);
        if (r.exitCode() != 0) {
            String err = r.stderr().strip();
            throw new PwshProbeException(executable, executable + " exited with code " + r.exitCode()
                    + (err.isEmpty() ? "" : "; stderr: " + abbreviate(err)), null);
        }
        return r;
    }

    private static String lastNonBlankLine(String text) {
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                return lines[i].strip();
            }
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
