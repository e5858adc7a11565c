package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.testsupport.TestPwsh;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archive of {@code bin/exo-bridge}, for real: the first run of a jar
 * records it, later runs map it, a rebuilt jar gets a new one, and whatever the archive's state
 * (stale: made for another jar; corrupt; its folder read-only) stdout carries the data alone and
 * the run succeeds. Each test runs its own copy of this build's jar ({@code EXOBRIDGE_JAR}) in a
 * folder of its own, so the archive lands there.
 */
class LauncherCdsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path launcher() {
        return Child.projectDir().resolve("bin").resolve("exo-bridge");
    }

    /** A copy of the jar in {@code folder} (created). */
    private static Path jarIn(Path folder) throws Exception {
        Files.createDirectories(folder);
        return Files.copy(Child.jar(), folder.resolve("exo-bridge-cli.jar"));
    }

    private static Map<String, String> env(Path jar) {
        Map<String, String> env = new HashMap<>();
        env.put("EXOBRIDGE_NO_BUILD", "1");
        env.put("EXOBRIDGE_JAR", jar.toString());
        env.put("EXOBRIDGE_PWSH", TestPwsh.pwsh().toString());
        env.put("EXOBRIDGE_CDS", null);
        env.put("EXOBRIDGE_CDS_DIR", null);
        env.put("EXOBRIDGE_JAVA_OPTS", null);
        return env;
    }

    private static CliRun run(Path jar, String... args) throws Exception {
        return run(env(jar), args);
    }

    private static CliRun run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(launcher().toString()));
        command.addAll(List.of(args));
        return Child.run(command, env, 120);
    }

    /** The archives (and temporary files) in {@code folder}. */
    private static List<Path> archives(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    /** stdout is exactly the JSON of {@code run -c 1}, and the run succeeded. */
    private static void onlyData(CliRun r) throws Exception {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out())).as(r.toString()).isEqualTo(JSON.readTree("[1]"));
        assertThat(r.out()).as("nothing but the JSON on stdout").doesNotContain("archive").doesNotContain("cds");
    }

    @Test
    void theFirstRunRecordsTheArchiveAndLaterRunsMapIt() throws Exception {
        Path jar = jarIn(dir.resolve("a"));
        onlyData(run(jar, "run", "-c", "1"));
        List<Path> made = archives(jar.getParent());
        assertThat(made).as("one archive, no temporary file left").hasSize(1);
        Path archive = made.get(0);
        assertThat(archive.getFileName().toString()).startsWith("exo-bridge-cli.jar.");
        FileTime written = Files.getLastModifiedTime(archive);

        // The launcher execs java, so the launcher's pid is the JVM's: its memory maps show the
        // archive while it waits for the script on stdin.
        ProcessBuilder pb = new ProcessBuilder(launcher().toString(), "run", "-c", "-");
        env(jar).forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String maps = "";
        for (int i = 0; i < 200 && p.isAlive() && !maps.contains(archive.toString()); i++) {
            Thread.sleep(50);
            maps = Files.exists(Path.of("/proc", String.valueOf(p.pid()), "maps"))
                    ? Files.readString(Path.of("/proc", String.valueOf(p.pid()), "maps")) : "";
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write("1".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(maps).as("the JVM maps the archive").contains(archive.toString());
        assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree("[1]"));
        assertThat(archives(jar.getParent())).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive)).as("a used archive is not written again").isEqualTo(written);
    }

    @Test
    void aRebuiltJarGetsItsOwnArchiveAndTheOldOneGoes() throws Exception {
        Path jar = jarIn(dir.resolve("a"));
        assertThat(run(jar, "--version").exitCode()).isZero();
        List<Path> first = archives(jar.getParent());
        assertThat(first).hasSize(1);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5))); // as a rebuild does
        CliRun r = run(jar, "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("exo-bridge ");
        List<Path> second = archives(jar.getParent());
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aStaleArchiveMadeForAnotherJarLeavesStdoutToTheData() throws Exception {
        Path a = jarIn(dir.resolve("a"));
        Path b = jarIn(dir.resolve("b"));
        assertThat(run(a, "--version").exitCode()).isZero();
        assertThat(run(b, "--version").exitCode()).isZero();
        Path archiveA = archives(a.getParent()).get(0);
        Path archiveB = archives(b.getParent()).get(0);
        // B's archive now holds A's classes and class path: the JVM refuses it (and would say so on stdout)
        Files.copy(archiveA, archiveB, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        onlyData(run(b, "run", "-c", "1"));
    }

    @Test
    void aCorruptArchiveLeavesStdoutToTheData() throws Exception {
        Path jar = jarIn(dir.resolve("a"));
        assertThat(run(jar, "--version").exitCode()).isZero();
        Path archive = archives(jar.getParent()).get(0);
        archive.toFile().setWritable(true);
        Files.writeString(archive, "not an archive\n");
        onlyData(run(jar, "run", "-c", "1"));
    }

    @Test
    void aReadOnlyFolderRunsWithoutAnArchive() throws Exception {
        // root may write anywhere, so the run is made as nobody (setpriv), on a world-readable copy
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = jarIn(dir.resolve("ro"));
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(jar.getParent(), PosixFilePermissions.fromString("r-xr-xr-x"));
        Map<String, String> env = env(jar);
        env.put("HOME", dir.toString());
        List<String> command = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                launcher().toString(), "--version");
        CliRun r = Child.run(command, env, 120);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString()).startsWith("exo-bridge ").doesNotContain("archive");
        assertThat(r.err()).as(r.toString()).isEmpty();
        assertThat(archives(jar.getParent())).isEmpty();
    }

    @Test
    void offMeansNoArchiveAndAFolderOfItsOwnIsHonoured() throws Exception {
        Path jar = jarIn(dir.resolve("a"));
        Map<String, String> off = env(jar);
        off.put("EXOBRIDGE_CDS", "off");
        assertThat(run(off, "--version").exitCode()).isZero();
        assertThat(archives(jar.getParent())).isEmpty();

        Path elsewhere = Files.createDirectories(dir.resolve("cds"));
        Map<String, String> own = env(jar);
        own.put("EXOBRIDGE_CDS_DIR", elsewhere.toString());
        assertThat(run(own, "--version").exitCode()).isZero();
        assertThat(archives(elsewhere)).hasSize(1);
        assertThat(archives(jar.getParent())).isEmpty();

        Map<String, String> missing = env(jar);
        missing.put("EXOBRIDGE_CDS_DIR", dir.resolve("no/such/folder").toString());
        CliRun r = run(missing, "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
    }
}
