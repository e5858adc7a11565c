package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshVersion;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A PowerShell release archive to install from: a local file or an {@code http(s)} URL, and the
 * SHA-256 the caller expects of it (required: nothing unverified is unpacked). Immutable.
 *
 * @param location the archive: an absolute file path, or an {@code http://} / {@code https://} URL
 * @param sha256   the expected SHA-256 as 64 hex digits (either case)
 */
public record PwshArchive(String location, String sha256) {
    public PwshArchive {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.trim().toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the SHA-256 of the pwsh archive must be 64 hex digits, got '" + sha256
                    + "'; copy it from the release page (hashes.sha256) next to the archive");
        }
        if (location.isBlank()) {
            throw new IllegalArgumentException("the pwsh archive location is blank");
        }
    }

    /** A local archive file. */
    public static PwshArchive file(Path file, String sha256) {
        return new PwshArchive(file.toAbsolutePath().normalize().toString(), sha256);
    }

    /** An archive to download (only when installing; {@code http} or {@code https}). */
    public static PwshArchive url(URI url, String sha256) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the pwsh archive URL must be http or https: " + url);
        }
        return new PwshArchive(url.toString(), sha256);
    }

    /** The official release archive of {@code version} for {@code platform}, downloaded from GitHub. */
    public static PwshArchive official(PwshVersion version, PwshPlatform platform, String sha256) {
        return url(platform.releaseUrl(version), sha256);
    }

    /** A URL ({@code http://}, {@code https://}) or a file path, as a user types it. */
    public static PwshArchive parse(String location, String sha256) {
        String l = location.trim();
        if (isUrl(l)) {
            return url(URI.create(l), sha256);
        }
        return file(Path.of(l), sha256);
    }

    /** Whether the archive must be downloaded. */
    public boolean isRemote() {
        return isUrl(location);
    }

    private static boolean isUrl(String l) {
        return l.regionMatches(true, 0, "http://", 0, 7) || l.regionMatches(true, 0, "https://", 0, 8);
    }

    @Override
    public String toString() {
        return location + " (SHA-256 " + sha256 + ")";
    }
}
