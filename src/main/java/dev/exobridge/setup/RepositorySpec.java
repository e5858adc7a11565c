package dev.exobridge.setup;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A module repository to register: the PowerShell Gallery, or a named private or offline one at
 * a folder or a URL; trusted or not. Immutable.
 *
 * <p>Default (setup): {@link #gallery()}, PSGallery, not trusted (installing from an untrusted
 * repository then fails with a clear error instead of stopping at a prompt, unless the module
 * spec asks to trust it for that install).
 */
public final class RepositorySpec {
    /** The PowerShell Gallery's repository name. */
    public static final String GALLERY = "PSGallery";

    private final String name;
    private final String location;
    private final boolean trusted;
    private final boolean byName;

    private RepositorySpec(String name, String location, boolean trusted) {
        this(name, location, trusted, false);
    }

    private RepositorySpec(String name, String location, boolean trusted, boolean byName) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || !name.matches("[A-Za-z0-9._ -]+")) {
            throw new IllegalArgumentException("'" + name + "' is not a repository name: use letters, digits, '.', '_', '-' and spaces");
        }
        this.name = name.trim();
        this.location = location;
        this.trusted = trusted;
        this.byName = byName;
    }

    /** The PowerShell Gallery (PSGallery), not trusted. */
    public static RepositorySpec gallery() {
        return new RepositorySpec(GALLERY, null, false);
    }

    /**
     * A repository already registered under {@code name}, used as it is (its location is not
     * changed; it is trusted when {@link #trusted(boolean)} asks). PSGallery gives {@link #gallery()}.
     */
    public static RepositorySpec registered(String name) {
        if (GALLERY.equalsIgnoreCase(Objects.requireNonNull(name, "name").trim())) {
            return gallery();
        }
        return new RepositorySpec(name, null, false, true);
    }

    /** A repository at a folder of {@code .nupkg} files (an offline or file-share repository), not trusted. */
    public static RepositorySpec folder(String name, Path folder) {
        return new RepositorySpec(name, folder.toAbsolutePath().normalize().toString(), false);
    }

    /** A repository at a NuGet v2/v3 URL (a private feed), not trusted. */
    public static RepositorySpec url(String name, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the repository URL " + url + " must be http or https; give a folder as a path");
        }
        return new RepositorySpec(name, url.toString(), false);
    }

    /**
     * A repository as a user names it: {@code PSGallery} without a location, otherwise a location
     * that is an {@code http(s)://} URL or a folder path.
     */
    public static RepositorySpec parse(String name, String location) {
        if (location == null || location.isBlank()) {
            if (!GALLERY.equalsIgnoreCase(name == null ? "" : name.trim())) {
                throw new IllegalArgumentException("repository '" + name + "' needs a location (a folder or a URL); "
                        + "only PSGallery is known without one");
            }
            return gallery();
        }
        String l = location.trim();
        if (l.regionMatches(true, 0, "http://", 0, 7) || l.regionMatches(true, 0, "https://", 0, 8)) {
            return url(name, URI.create(l));
        }
        return folder(name, Path.of(l));
    }

    /** The same repository, trusted ({@code true}) or left as it is ({@code false}). */
    public RepositorySpec trusted(boolean trust) {
        return new RepositorySpec(name, location, trust, byName);
    }

    /** The repository name. */
    public String name() {
        return name;
    }

    /** The folder path or URL, or {@code null} for the PowerShell Gallery and a repository named by {@link #registered}. */
    public String location() {
        return location;
    }

    /** Whether the repository is made trusted (it is never made untrusted). */
    public boolean isTrusted() {
        return trusted;
    }

    /** Whether this is the PowerShell Gallery at its standard location. */
    public boolean isGallery() {
        return location == null && !byName;
    }

    /** Whether this names a repository already registered ({@link #registered}). */
    public boolean isRegisteredByName() {
        return byName;
    }

    @Override
    public String toString() {
        return name + (location == null ? "" : " at " + location) + (trusted ? " (trusted)" : "");
    }
}
