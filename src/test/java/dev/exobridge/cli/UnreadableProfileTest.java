package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import dev.exobridge.testsupport.OtherUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profiles or secret file the user cannot read is refused with a message saying so. Tests run
 * as root, who reads anything, so the CLI runs here as another user (nobody) through
 * {@code setpriv} ({@link OtherUser}).
 */
class UnreadableProfileTest {
    @TempDir
    Path tmp;

    @Test
    void aProfilesFileThisUserCannotReadIsRefused() throws Exception {
        String cp = OtherUser.classPath(tmp);
        Path profiles = tmp.resolve("profiles.json");
        Files.writeString(profiles, "{\"contoso\": {\"organization\": \"contoso.onmicrosoft.com\", \"managedIdentity\": true}}");
        Files.setPosixFilePermissions(profiles, PosixFilePermissions.fromString("rw-------")); // root's only

        ProcessBuilder pb = new ProcessBuilder(OtherUser.command(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp, "dev.exobridge.cli.Main", "connect", "--profile", "contoso", "--profiles", profiles.toString()));
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
