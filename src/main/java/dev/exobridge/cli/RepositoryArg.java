package dev.exobridge.cli;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.setup.RepositorySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What {@code --repository} says, in one of four forms:
 * <ul>
 *   <li>{@code NAME}: a repository already registered (PSGallery is always known);</li>
 *   <li>{@code URL} ({@code http://}, {@code https://}): a NuGet feed, registered under a name
 *       made from the location ({@code exo-bridge-<8 hex digits>}, the same every time);</li>
 *   <li>{@code PATH} (anything with a {@code /} or {@code \}, or starting with {@code .} or
 *       {@code ~}): a folder of {@code .nupkg} files, registered the same way;</li>
 *   <li>{@code NAME=PATH} or {@code NAME=URL}: a folder or feed registered under that name.</li>
 * </ul>
 *
 * @param name     the repository's name
 * @param location the spec to register, or {@code null} when the repository is only named
 */
record RepositoryArg(String name, RepositorySpec location) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._ -]+");

    /** The repository used when none is given: the PowerShell Gallery. */
    static RepositoryArg gallery() {
        return new RepositoryArg(RepositorySpec.GALLERY, null);
    }

    /**
     * Reads {@code text} (see the class comment).
     *
     * @throws UsageException naming the accepted forms
     */
    static RepositoryArg parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new UsageException("--repository is empty; give a registered name (PSGallery), a folder, a URL, "
                    + "or NAME=FOLDER|URL");
        }
        try {
            int eq = t.indexOf('=');
            if (!isUrl(t) && eq > 0 && NAME.matcher(t.substring(0, eq)).matches()) {
                String name = t.substring(0, eq).strip();
                return new RepositoryArg(name, RepositorySpec.parse(name, t.substring(eq + 1).strip()));
            }
            if (isUrl(t) || isPath(t)) {
                String location = isUrl(t) ? t : expandHome(t).toAbsolutePath().normalize().toString();
                String name = "exo-bridge-" + shortHash(location);
                return new RepositoryArg(name, RepositorySpec.parse(name, location));
            }
            if (!NAME.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' is neither a repository name, a folder nor an http(s) URL");
            }
            return new RepositoryArg(t, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--repository " + text + ": " + e.getMessage(), e);
        }
    }

    /** Whether this names the PowerShell Gallery. */
    boolean isGallery() {
        return location == null && RepositorySpec.GALLERY.equalsIgnoreCase(name);
    }

    private static boolean isUrl(String t) {
        return t.regionMatches(true, 0, "http://", 0, 7) || t.regionMatches(true, 0, "https://", 0, 8);
    }

    private static boolean isPath(String t) {
        return t.contains("/") || t.contains("\\") || t.startsWith(".") || t.startsWith("~");
    }

    private static Path expandHome(String t) {
        if (t.equals("~") || t.startsWith("~/")) {
            return Path.of(PwshEnvironment.system().userHome() + t.substring(1));
        }
        return Path.of(t);
    }

    private static String shortHash(String location) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
