package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A probed version is remembered per unchanged executable, so later processes do not run pwsh again. */
class ProbeCacheTest {

    private static PwshEnvironment env(Path cacheHome, Path home) {
        return new PwshEnvironment(Map.of("EXOBRIDGE_CACHE_HOME", cacheHome.toString()), "Linux", home);
    }

    @Test
    void anUnchangedPwshIsNotRunAgain(@TempDir Path tmp) throws Exception {
        Path counter = tmp.resolve("runs");
        Path fake = FakePwsh.script(tmp.resolve("bin"), "pwsh", "echo run >> '" + counter + "'; echo 7.4.2");
        PwshEnvironment env = env(tmp.resolve("cache"), tmp);
        PwshLocator locator = PwshLocator.builder().explicit(fake).environment(env).build();
        assertThat(locator.locate().version()).isEqualTo(PwshVersion.of(7, 4, 2));
        assertThat(locator.locate().version()).isEqualTo(PwshVersion.of(7, 4, 2));
        assertThat(Files.readAllLines(counter)).hasSize(1);
        assertThat(tmp.resolve("cache/pwsh-versions.properties")).exists();

        // A changed executable is probed again.
        Files.writeString(fake, "#!/bin/sh\necho run >> '" + counter + "'; echo 7.5.0\n");
        Files.setLastModifiedTime(fake, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(locator.locate().version()).isEqualTo(PwshVersion.of(7, 5, 0));
        assertThat(Files.readAllLines(counter)).hasSize(2);
    }

    @Test
    void theCacheCanBeTurnedOffAndAGarbledOneIsIgnored(@TempDir Path tmp) throws Exception {
        Path counter = tmp.resolve("runs");
        Path fake = FakePwsh.script(tmp.resolve("bin"), "pwsh", "echo run >> '" + counter + "'; echo 7.4.2");
        PwshEnvironment off = new PwshEnvironment(Map.of("EXOBRIDGE_CACHE_HOME", "off"), "Linux", tmp);
        PwshLocator.builder().explicit(fake).environment(off).build().locate();
        PwshLocator.builder().explicit(fake).environment(off).build().locate();
        assertThat(Files.readAllLines(counter)).hasSize(2);

        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("pwsh-versions.properties"), fake.toRealPath() + "|garbage=not a version\n\\u00");
        assertThat(PwshLocator.builder().explicit(fake).environment(env(cache, tmp)).build().locate().version())
                .isEqualTo(PwshVersion.of(7, 4, 2));
        assertThat(Files.readAllLines(counter)).hasSize(3);
    }
}
