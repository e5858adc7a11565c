package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshVersion;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The platforms PowerShell publishes release archives for, and their names on GitHub:
 * {@code PowerShell-<version>-<rid>.tar.gz} for Linux and macOS, {@code .zip} for Windows, each
 * with {@code pwsh} ({@code pwsh.exe}) at the archive's root.
 */
public enum PwshPlatform {
    LINUX_X64("linux-x64", ".tar.gz"),
    LINUX_ARM64("linux-arm64", ".tar.gz"),
    /** Alpine and other musl-based Linux. */
    LINUX_MUSL_X64("linux-musl-x64", ".tar.gz"),
    MACOS_X64("osx-x64", ".tar.gz"),
    MACOS_ARM64("osx-arm64", ".tar.gz"),
    WINDOWS_X64("win-x64", ".zip"),
    WINDOWS_ARM64("win-arm64", ".zip");

    /** Where PowerShell's releases are downloaded from. */
    public static final String RELEASES = "https://github.com/PowerShell/PowerShell/releases/download/";

    private final String rid;
    private final String extension;

    PwshPlatform(String rid, String extension) {
        this.rid = rid;
        this.extension = extension;
    }

    /** The runtime identifier in the archive name: {@code linux-x64}, {@code osx-arm64}, {@code win-x64}, ... */
    public String rid() {
        return rid;
    }

    /** {@code .tar.gz} or {@code .zip}. */
    public String extension() {
        return extension;
    }

    /** Whether the archive holds {@code pwsh.exe} rather than {@code pwsh}. */
    public boolean isWindows() {
        return this == WINDOWS_X64 || this == WINDOWS_ARM64;
    }

    /** The official archive's file name, e.g. {@code PowerShell-7.4.6-linux-x64.tar.gz}. */
    public String archiveName(PwshVersion version) {
        return "PowerShell-" + Objects.requireNonNull(version, "version") + "-" + rid + extension;
    }

    /** The official archive's download URL, e.g. {@code https://github.com/PowerShell/PowerShell/releases/download/v7.4.6/PowerShell-7.4.6-linux-x64.tar.gz}. */
    public URI releaseUrl(PwshVersion version) {
        return URI.create(RELEASES + "v" + version + "/" + archiveName(version));
    }

    /** The platform of this JVM ({@code os.name}, {@code os.arch}); musl is not detected (choose it by hand). */
    public static PwshPlatform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * The platform for an {@code os.name} and {@code os.arch}.
     *
     * @throws IllegalArgumentException for an OS or architecture PowerShell publishes no archive for
     */
    public static PwshPlatform of(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64");
        if (!arm && !x64) {
            throw new IllegalArgumentException("PowerShell publishes no archive for the architecture " + osArch);
        }
        if (os.startsWith("windows")) {
            return arm ? WINDOWS_ARM64 : WINDOWS_X64;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return arm ? MACOS_ARM64 : MACOS_X64;
        }
        if (os.startsWith("linux")) {
            return arm ? LINUX_ARM64 : LINUX_X64;
        }
        throw new IllegalArgumentException("PowerShell publishes no archive for the OS " + osName);
    }
}
