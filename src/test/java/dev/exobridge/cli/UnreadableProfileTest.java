package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profiles or secret file the user cannot read is refused with a message saying so. Tests run
 * as root, who reads anything, so the CLI runs here as another user (nobody) through
 * {@code setpriv}, from a copy of its classpath that user can read.
 */
class UnreadableProfileTest {
    @TempDir
    Path tmp;

    @Test
    void aProfilesFileThisUserCannotReadIsRefused() throws Exception {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assertThat(setpriv).as("setpriv (util-linux) builds this case").isExecutable();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        List<String> cp = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar")) {
                Path copy = lib.resolve((i++) + "-" + p.getFileName());
                Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                cp.add(copy.toString());
            } else if (Files.isDirectory(p)) {
                cp.add(p.toString()); // target/classes and test-classes: world-readable in the build tree
            }
        }
        Path profiles = tmp.resolve("profiles.json");
        Files.writeString(profiles, "{\"contoso\": {\"organization\": \"contoso.onmicrosoft.com\", \"managedIdentity\": true}}");
        Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-------")); // root's only

        ProcessBuilder pb = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", String.join(File.pathSeparator, cp),
                "dev.exobridge.cli.Main", "connect", "--profile", "contoso", "--profiles", profiles.toString());
        pb.environment().put("HOME", tmp.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains(profiles.toString()).contains("not readable by this user");
    }
}
