package dev.exobridge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherUserTest {
    @TempDir
    Path tmp;

    @Test
    void pwshRunsAsTheOtherUserWithAHomeItOwns() throws Exception {
        Path home = OtherUser.ownedFolder(tmp.resolve("home"));
        ProcessBuilder pb = new ProcessBuilder(OtherUser.command(OtherUser.pwsh().toString(), "-NoLogo", "-NoProfile",
                "-NonInteractive", "-Command", "(id -u) + ' ' + $HOME; Set-Content -Path (Join-Path $HOME probe) -Value ok"));
        pb.environment().put("HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(OtherUser.ID + " " + home);
        assertThat(Files.getOwner(home.resolve("probe")).getName()).isEqualTo("nobody");
    }

    @Test
    void theOtherUserCannotWriteWhereRootCan() throws Exception {
        Path rootsOwn = Files.createDirectories(tmp.resolve("roots"));
        OtherUser.openToOthers(tmp);
        OtherUser.openToOthers(rootsOwn);
        Process p = new ProcessBuilder(OtherUser.command("touch", rootsOwn.resolve("x").toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).contains("Permission denied");
    }
}
