package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.testsupport.OtherUser;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-environments suite (docs/reliability.md): {@code exo-bridge run} as a child JVM in a
 * broken environment gives a clear error and the right exit code, and leaves nothing behind in
 * its HOME and temporary folders. The discovery cases at the locator level are in
 * {@code PwshLocatorTest}; here they go through the CLI. Child JVMs get {@code -Duser.home}
 * (Java 17 reads {@code user.home} from the password database, not from {@code $HOME}).
 */
@EnabledOnOs(OS.LINUX)
class BadEnvironmentTest {
    @TempDir
    Path tmp;

    record Seen(int exit, String out, String err) {
    }

    /** {@code java Main ARGS} with HOME, XDG folders and temporary folders under {@code home} and {@code temp}. */
    private static Seen cli(List<String> prefix, Path home, Path temp, Map<String, String> env, String classPath,
                            String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Duser.home=" + home,
                "-Djava.io.tmpdir=" + temp, "-cp", classPath, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("EXOBRIDGE_") || k.startsWith("XDG_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("TMPDIR", temp.toString());
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.directory(temp.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end");
        }
        return new Seen(p.exitValue(), out.get(), err.get());
    }

    private Seen cli(Path home, Path temp, String... args) throws Exception {
        return cli(List.of(), home, temp, Map.of(), System.getProperty("java.class.path"), args);
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).toList();
        }
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    @Test
    void aMissingATooOldAndANonExecutablePwshAreExitThreeNamingWhatIsWrong() throws Exception {
        Path tools = dir("tools");
        Path missing = tools.resolve("no-pwsh");
        // The one stand-in allowed here: a "pwsh" that answers only the version probe.
        Path old = Files.writeString(tools.resolve("old-pwsh"), "#!/bin/sh\necho 7.0.3\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = Files.copy(TestPwsh.pwsh(), tools.resolve("plain-pwsh"));
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Map<Path, String> cases = Map.of(missing, "does not exist", old, "PowerShell 7.0.3 at " + old
                + " is too old: exo-bridge needs 7.2.0", plain, "exists but is not executable");
        for (var c : cases.entrySet()) {
            Path home = dir("home-" + c.getKey().getFileName());
            Path temp = dir("temp-" + c.getKey().getFileName());
            Seen s = cli(home, temp, "--pwsh", c.getKey().toString(), "run", "-c", "'ran'");
            assertThat(s.exit()).as("%s", s).isEqualTo(ExitCode.PREREQUISITE_MISSING.code());
            assertThat(s.err()).contains(c.getValue()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(s.out()).doesNotContain("ran");
            assertThat(entries(temp)).as("left in the temporary folder").isEmpty();
            // At most the probe cache (docs/pwsh-discovery.md), which remembers the old pwsh's version.
            assertThat(entries(home)).as("left in HOME").filteredOn(Files::isRegularFile)
                    .allMatch(p -> p.equals(home.resolve(".cache/exo-bridge/pwsh-versions.properties")));
        }
    }

    @Test
    void aBrokenModuleOnPSModulePathBreaksOnlyWhatImportsIt() throws Exception {
        Path modules = dir("modules");
        Path broken = Files.createDirectories(modules.resolve("BrokenOnImport"));
        Files.writeString(broken.resolve("BrokenOnImport.psm1"), "throw 'broken module on purpose'\n");
        Files.writeString(Files.createDirectories(modules.resolve("BadManifest")).resolve("BadManifest.psd1"),
                "@{ ModuleVersion = 'not a version' ; RootModule = \n");
        Path home = dir("home");
        Path temp = dir("temp");
        Map<String, String> env = Map.of("PSModulePath", modules.toString());
        String cp = System.getProperty("java.class.path");
        String pwsh = TestPwsh.pwsh().toString();
        Seen plain = cli(List.of(), home, temp, env, cp, "--pwsh", pwsh, "run", "-c",
                "(Get-Module -ListAvailable BrokenOnImport).Name; 1 + 1");
        assertThat(plain.exit()).as("%s", plain).isZero();
        assertThat(plain.out()).contains("BrokenOnImport").contains("2");
        Seen imports = cli(List.of(), home, temp, env, cp, "--pwsh", pwsh, "run", "-c", "Import-Module BrokenOnImport");
        assertThat(imports.exit()).as("%s", imports).isEqualTo(ExitCode.POWERSHELL_ERROR.code());
        assertThat(imports.err()).contains("broken module on purpose");
        Seen manifest = cli(List.of(), home, temp, env, cp, "--pwsh", pwsh, "run", "-c", "Import-Module BadManifest");
        assertThat(manifest.exit()).as("%s", manifest).isEqualTo(ExitCode.POWERSHELL_ERROR.code());
        assertThat(manifest.err()).contains("BadManifest");
        assertThat(entries(temp)).as("left in the temporary folder").isEmpty();
    }

    /** A temporary folder with no byte free: a small tmpfs, filled up. */
    @Test
    void aFullTemporaryFolderStillRunsAndLeavesNothing() throws Exception {
        Path full = dir("full");
        mount(full);
        try {
            try (var out = Files.newOutputStream(full.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                }
            } catch (IOException e) {
                // no space left: what this case needs
            }
            List<Path> before = entries(full);
            Path home = dir("home");
            Seen s = cli(home, full, "--pwsh", TestPwsh.pwsh().toString(), "run", "-c", "[IO.Path]::GetTempPath(); 'ran'");
            assertThat(s.exit()).as("%s", s).isZero();
            assertThat(s.out()).contains(full.toString()).contains("ran");
            assertThat(entries(full)).as("left in the full temporary folder").isEqualTo(before);
        } finally {
            umount(full);
        }
    }

    private static void mount(Path dir) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mount a tmpfs (the tests run as root): %s", read(p.getInputStream())).isZero();
    }

    private static void umount(Path dir) throws Exception {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("umount: %s", read(p.getInputStream())).isZero();
    }

    /** HOME unset, then a HOME the user cannot write (as nobody: root writes anywhere). */
    @Test
    void noHomeOrAReadOnlyHomeStillRunsAndWritesNothingThere() throws Exception {
        String cp = OtherUser.classPath(dir("cp"));
        Path temp = OtherUser.ownedFolder(tmp.resolve("nobody-temp"));
        Path readOnly = dir("read-only-home");
        OtherUser.openToOthers(readOnly);
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        String pwsh = OtherUser.pwsh().toString();
        Seen ro = cli(OtherUser.command(), readOnly, temp, Map.of(), cp, "--pwsh", pwsh, "run", "-c", "'ran'");
        assertThat(ro.exit()).as("%s", ro).isZero();
        assertThat(ro.out()).contains("ran");
        assertThat(entries(readOnly)).as("written into the read-only HOME").isEmpty();
        Seen none = cli(OtherUser.command(), readOnly, temp, Map.of("HOME", ""), cp, "--pwsh", pwsh, "run", "-c", "'ran'");
        assertThat(none.exit()).as("%s", none).isZero();
        assertThat(none.out()).contains("ran");
        assertThat(entries(readOnly)).isEmpty();
    }
}
