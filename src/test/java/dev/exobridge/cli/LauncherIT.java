package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.pwsh.PwshLocator;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/exo-bridge} itself: the real launcher on the real jar (with EXOBRIDGE_NO_BUILD=1, so
 * it never starts a nested build inside {@code mvn verify}), and its build decisions in a copy of
 * the tree whose {@code mvn} is a stand-in script that records its calls and copies this build's
 * jar (a nested real Maven build would take minutes and write into the shared target/).
 */
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path launcher() {
        return Child.projectDir().resolve("bin").resolve("exo-bridge");
    }

    private static Map<String, String> noBuild() {
        Map<String, String> env = new HashMap<>();
        env.put("EXOBRIDGE_NO_BUILD", "1");
        return env;
    }

    @Test
    void runsAPowerShellCommandAndPrintsJson() throws Exception {
        Map<String, String> env = noBuild();
        env.put("EXOBRIDGE_PWSH", TestPwsh.pwsh().toString());
        CliRun r = Child.run(List.of(launcher().toString(), "run", "-c", "Get-Date"), env, 120);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.isArray() && out.size() == 1).as(r.out()).isTrue();
        OffsetDateTime now = OffsetDateTime.parse(out.get(0).asText());
        assertThat(ChronoUnit.HOURS.between(now, OffsetDateTime.now())).isZero();
        assertThat(r.err()).as("nothing on stderr by default").isEmpty();
    }

    @Test
    void passesTheJarsExitCodeThrough() throws Exception {
        CliRun r = Child.run(List.of(launcher().toString(), "run", "-c", "1", "--no-such-flag"), noBuild(), 60);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-flag").contains("exo-bridge run --help");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void pwshMissingExitsThreeListingEveryPlaceLooked(@TempDir Path home) throws Exception {
        List<Path> standard = PwshLocator.defaultStandardLocations(PwshEnvironment.system());
        assumeTrue(standard.stream().noneMatch(Files::exists), "a pwsh is installed at a standard location");
        Map<String, String> env = noBuild();
        env.put("EXOBRIDGE_PWSH", null);
        env.put("HOME", home.toString());
        env.put("EXOBRIDGE_CONFIG_HOME", home.resolve("config").toString());
        env.put("PATH", Child.java().getParent() + ":/usr/bin:/bin");
        CliRun r = Child.run(List.of(launcher().toString(), "run", "-c", "Get-Date"), env, 120);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("No usable PowerShell")
                .contains("environment variable EXOBRIDGE_PWSH: not set")
                .contains("settings file " + home.resolve("config"))
                .contains("PATH /usr/bin/pwsh: does not exist")
                .contains("standard location " + standard.get(0));
    }

    // ---- build decisions, in a copy of the tree with a stand-in mvn -----------------------

    /** A tree with bin/exo-bridge, pom.xml and one source, a stand-in mvn, and tools for sh. */
    private record Tree(Path root, Path mvnLog, Path tools, Map<String, String> env) {
    }

    private static Tree tree(Path dir, boolean mvnFails) throws Exception {
        Path root = dir.resolve("tree");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(launcher(), root.resolve("bin/exo-bridge"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("src/main/java"));
        Files.writeString(root.resolve("src/main/java/A.java"), "class A {}");
        Path tools = dir.resolve("tools");
        Files.createDirectories(tools);
        for (String tool : List.of("sh", "dirname", "ls", "head", "find", "sed", "mkdir", "cp", "cat")) {
            for (String d : List.of("/usr/bin/", "/bin/")) {
                if (Files.isExecutable(Path.of(d + tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), Path.of(d + tool));
                    break;
                }
            }
        }
        Path log = dir.resolve("mvn.log");
        Path mvn = tools.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + log + "'\n"
                + "echo 'stand-in maven output'\n"
                // What Maven 3.8 writes even with -B -q: colour resets and a coloured level.
                + "printf '\\033[0m\\033[0m\\033[1;31mERROR\\033[m stand-in coloured line\\n'\n"
                + (mvnFails ? "exit 1\n" : "mkdir -p target && cp '" + Child.jar() + "' target/exo-bridge-9.9-cli.jar\n"));
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", tools.toString());
        env.put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        env.put("EXOBRIDGE_NO_BUILD", null);
        env.put("EXOBRIDGE_JAR", null);
        return new Tree(root, log, tools, env);
    }

    private static CliRun version(Tree t) throws Exception {
        return Child.run(List.of(t.root().resolve("bin/exo-bridge").toString(), "--version"), t.env(), 60);
    }

    private static List<String> mvnCalls(Tree t) throws Exception {
        return Files.exists(t.mvnLog()) ? Files.readAllLines(t.mvnLog()) : List.of();
    }

    @Test
    void buildsWhenTheJarIsMissingOrOlderThanTheSourcesAndOnlyThen(@TempDir Path dir) throws Exception {
        Tree t = tree(dir, false);

        CliRun first = version(t);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(mvnCalls(t)).containsExactly("-B -q -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package");
        assertThat(first.out()).as("Maven's output stays off stdout").startsWith("exo-bridge ")
                .doesNotContain("stand-in maven output");
        assertThat(first.err()).contains("building the jar once").contains("stand-in maven output");
        assertThat(first.err()).as("Maven's terminal escape codes are filtered").contains("ERROR stand-in coloured line")
                .doesNotContain("\u001b");

        Path jar = t.root().resolve("target/exo-bridge-9.9-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(t.root().resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(7200)));
        Files.setLastModifiedTime(t.root().resolve("src/main/java/A.java"), FileTime.from(Instant.now().minusSeconds(7200)));
        CliRun fresh = version(t);
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(mvnCalls(t)).as("an up-to-date jar is not rebuilt").hasSize(1);
        assertThat(fresh.err()).isEmpty();

        Files.setLastModifiedTime(t.root().resolve("src/main/java/A.java"), FileTime.from(Instant.now()));
        CliRun stale = version(t);
        assertThat(stale.exitCode()).as(stale.toString()).isZero();
        assertThat(mvnCalls(t)).as("a source newer than the jar triggers a build").hasSize(2);
        assertThat(stale.err()).contains("sources changed; rebuilding");
    }

    @Test
    void aFailedBuildExitsSeventyAndNoBuildModeNeverBuilds(@TempDir Path dir) throws Exception {
        Tree t = tree(dir, true);
        CliRun failed = version(t);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(70);
        assertThat(failed.err()).contains("the build failed").doesNotContain("\u001b");
        assertThat(failed.out()).isEmpty();

        t.env().put("EXOBRIDGE_NO_BUILD", "1");
        CliRun noBuild = version(t);
        assertThat(noBuild.exitCode()).as(noBuild.toString()).isEqualTo(70);
        assertThat(noBuild.err()).contains("EXOBRIDGE_NO_BUILD=1");
        assertThat(mvnCalls(t)).hasSize(1);
    }

    @Test
    void javaMissingExitsThreeAndSaysWhereItLooked(@TempDir Path dir) throws Exception {
        Tree t = tree(dir, false);
        t.env().put("JAVA_HOME", dir.resolve("no-jdk").toString());
        CliRun r = version(t);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("Java 17 or newer is needed").contains(dir.resolve("no-jdk").toString())
                .contains("JAVA_HOME");
        assertThat(mvnCalls(t)).as("nothing is built without Java").isEmpty();
    }
}
