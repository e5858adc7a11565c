package dev.exobridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the simulator tests share: a HOME of the test's own (XDG folders, temp folder, no module
 * folder of the JVM's), certificates made with openssl, and sessions that use the simulator.
 */
final class SimulatorFixture {
    static final String APP_ID = "6f2c1a7e-1111-4000-8000-000000000001";
    static final String OTHER_APP_ID = "6f2c1a7e-2222-4000-8000-000000000002";
    static final String PFX_PASSWORD = "pfx-secret";
    static final String USER = "admin@contoso.onmicrosoft.com";
    static final String USER_PASSWORD = "P@ss 'w0rd' $(x)";

    final Path home;
    final PwshEnvironment env;

    SimulatorFixture(Path home) {
        this.home = home;
        try {
            for (Path p : new Path[] {home.resolve(".config"), home.resolve(".local/share"), home.resolve(".cache"), home.resolve("tmp")}) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.env = PwshEnvironment.system().withVariable("XDG_CACHE_HOME", home.resolve(".cache").toString())
                .withVariable("XDG_DATA_HOME", home.resolve(".local/share").toString());
    }

    /** Session options for pwsh with this HOME. */
    SessionOptions.Builder options() {
        return SessionOptions.builder()
                .pwsh(TestPwsh.pwsh())
                .environment("HOME", home.toString())
                .environment("XDG_CONFIG_HOME", home.resolve(".config").toString())
                .environment("XDG_DATA_HOME", home.resolve(".local/share").toString())
                .environment("XDG_CACHE_HOME", home.resolve(".cache").toString())
                .environment("TMPDIR", home.resolve("tmp").toString())
                .environment("PSModulePath", "")
                .workingDirectory(home);
    }

    Simulator simulator() {
        return Simulator.create(options().build(), env);
    }

    /** A session that uses the simulator with {@code state}. */
    PwshSession session(Path state) {
        return PwshSession.start(SimulatorModule.configure(options(), state, env).build());
    }

    /** Makes {@code name}.pfx (with {@link #PFX_PASSWORD}) and {@code name}.cer (DER) in HOME; returns the .pfx. */
    Path certificate(String name) {
        Path key = home.resolve(name + ".key");
        Path pem = home.resolve(name + ".pem");
        Path pfx = home.resolve(name + ".pfx");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", pem.toString(),
                "-days", "30", "-subj", "/CN=" + name);
        openssl("pkcs12", "-export", "-in", pem.toString(), "-inkey", key.toString(), "-out", pfx.toString(),
                "-passout", "pass:" + PFX_PASSWORD);
        openssl("x509", "-in", pem.toString(), "-outform", "DER", "-out", home.resolve(name + ".cer").toString());
        return pfx;
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(home.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
            assertThat(p.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException("openssl is needed to make test certificates", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
