package dev.exobridge.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * What the setup tests share: a pwsh child whose HOME, XDG folders and temp folder are the
 * test's own (so the machine's real module folders and repositories stay untouched), the shared
 * folder ({@code EXOBRIDGE_SHARED}, else {@code ../shared} beside the repository) with the real
 * Pester packages, and a folder repository built like the Gallery's.
 */
final class Sandbox {
    /** The small module the tests publish, at versions 1.0.0 and 2.0.0; it exports {@link #TEST_COMMAND}. */
    static final String TEST_MODULE = "ExoBridgeTestModule";
    static final String TEST_COMMAND = "Get-ExoBridgeTest";

    private Sandbox() {
    }

    /** The shared folder; fails on CI and skips elsewhere when it is missing. */
    static Path shared() {
        String env = System.getenv("EXOBRIDGE_SHARED");
        Path dir = (env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("pwsh").resolve("modules"))) {
            String message = "the shared folder with pwsh/modules is missing at " + dir
                    + "; set EXOBRIDGE_SHARED or put ../shared beside the repository";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
        return dir;
    }

    /** A real Pester package from the shared folder. */
    static Path pester(String version) {
        return shared().resolve("pwsh").resolve("modules").resolve("Pester." + version + ".nupkg");
    }

    /** Session options for pwsh with {@code home} as its HOME, XDG folders and temp folder. */
    static SessionOptions session(Path home) {
        return session(home, true);
    }

    /**
     * Session options for pwsh with {@code home} as its HOME, XDG folders and temp folder, the
     * XDG folders made first or not ({@code false}: as on a fresh account).
     */
    static SessionOptions session(Path home, boolean makeFolders) {
        try {
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            if (makeFolders) {
                for (Path p : new Path[] {home.resolve(".config"), home.resolve(".local").resolve("share"), home.resolve(".cache")}) {
                    Files.createDirectories(p);
                }
            }
            return SessionOptions.builder()
                    .pwsh(TestPwsh.pwsh())
                    .environment("HOME", home.toString())
                    .environment("XDG_CONFIG_HOME", home.resolve(".config").toString())
                    .environment("XDG_DATA_HOME", home.resolve(".local").resolve("share").toString())
                    .environment("XDG_CACHE_HOME", home.resolve(".cache").toString())
                    .environment("TMPDIR", tmp.toString())
                    // Only pwsh's own module folders (under this HOME) count, whatever the JVM had.
                    .environment("PSModulePath", "")
                    .workingDirectory(home)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repository;

    /**
     * A folder repository built like the Gallery, once per JVM and shared (tests only read it):
     * the real Pester 5.7.1 and 6.2.0 packages, and the test module at 1.0.0 and 2.0.0
     * published with Publish-PSResource by a pwsh with its own HOME. Removed when the JVM exits.
     */
    static synchronized Path repository() throws IOException {
        if (repository != null) {
            return repository;
        }
        Path work = Files.createTempDirectory("exo-bridge-setup-repo-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PwshInstaller.deleteQuietly(work)));
        Path repo = Files.createDirectories(work.resolve("repo"));
        for (String v : new String[] {"5.7.1", "6.2.0"}) {
            Files.copy(pester(v), repo.resolve("Pester." + v + ".nupkg"));
        }
        Path home = Files.createDirectories(work.resolve("publisher-home"));
        try (PwshSession s = PwshSession.start(session(home))) {
            s.invoke(Invocation.script("param($Repo) Register-PSResourceRepository -Name Build -Uri $Repo -Trusted")
                    .param("Repo", repo.toString()).timeout(Duration.ofMinutes(2)).build());
            for (String v : new String[] {"1.0.0", "2.0.0"}) {
                Path src = writeTestModule(work.resolve("src-" + v), v, "7.0");
                s.invoke(Invocation.script("param($Path) Publish-PSResource -Path $Path -Repository Build -ErrorAction Stop")
                        .param("Path", src.toString()).timeout(Duration.ofMinutes(2)).build());
            }
        }
        assertThat(repo.resolve(TEST_MODULE + ".1.0.0.nupkg")).isRegularFile();
        assertThat(repo.resolve(TEST_MODULE + ".2.0.0.nupkg")).isRegularFile();
        repository = repo;
        return repo;
    }

    /**
     * Writes into {@code targetRepo} the test module's 2.0.0 package (as Publish-PSResource made
     * it) re-versioned as {@code version} and declaring {@code PowerShellVersion = psVersion}.
     * Publish-PSResource itself refuses a manifest that needs a newer PowerShell than the one
     * publishing, so the package is rewritten, as a module built elsewhere would carry it.
     */
    static void derive(Path targetRepo, String version, String psVersion) throws IOException {
        Path source = repository().resolve(TEST_MODULE + ".2.0.0.nupkg");
        Path target = targetRepo.resolve(TEST_MODULE + "." + version + ".nupkg");
        try (ZipFile in = new ZipFile(source.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".psd1") || e.getName().endsWith(".nuspec")) {
                    data = new String(data, StandardCharsets.UTF_8)
                            .replace("ModuleVersion = '2.0.0'", "ModuleVersion = '" + version + "'")
                            .replace("PowerShellVersion = '7.0'", "PowerShellVersion = '" + psVersion + "'")
                            .replace("<version>2.0.0</version>", "<version>" + version + "</version>")
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                out.closeEntry();
            }
        }
    }

    /** Writes the test module's source (manifest and script module) into {@code dir}/ExoBridgeTestModule. */
    private static Path writeTestModule(Path dir, String version, String psVersion) throws IOException {
        Path m = Files.createDirectories(dir.resolve(TEST_MODULE));
        Files.writeString(m.resolve(TEST_MODULE + ".psm1"),
                "function " + TEST_COMMAND + " { '" + version + "' }\nExport-ModuleMember -Function " + TEST_COMMAND + "\n");
        Files.writeString(m.resolve(TEST_MODULE + ".psd1"), String.join("\n",
                "@{",
                "    RootModule = '" + TEST_MODULE + ".psm1'",
                "    ModuleVersion = '" + version + "'",
                "    GUID = '4b6f1a3e-8a53-4c1e-9d0e-2f1f5a0b7c11'",
                "    Author = 'exo-bridge tests'",
                "    Description = 'A small module the exo-bridge setup tests publish and install.'",
                "    PowerShellVersion = '" + psVersion + "'",
                "    FunctionsToExport = @('" + TEST_COMMAND + "')",
                "    CmdletsToExport = @()",
                "    VariablesToExport = @()",
                "    AliasesToExport = @()",
                "}",
                ""));
        return m;
    }
}
