package dev.exobridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged CLI (the shaded jar, or {@code bin/exo-bridge}) as a real child process, for
 * the *IT tests that Failsafe runs after {@code package}. Captures out, err and exit code.
 */
final class Child {
    /** Set by Failsafe (pom.xml): the shaded jar this build made. */
    static final String JAR_PROPERTY = "exobridge.cliJar";
    /** Set by Failsafe (pom.xml): the project's directory. */
    static final String PROJECT_PROPERTY = "exobridge.projectDir";

    private Child() {
    }

    /** The shaded CLI jar of this build. */
    static Path jar() {
        String p = System.getProperty(JAR_PROPERTY);
        if (p == null) {
            throw new IllegalStateException(JAR_PROPERTY + " is not set: run this test through 'mvn verify' (Failsafe)");
        }
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the CLI jar " + jar + " is missing: 'mvn verify' builds it in 'package'");
        }
        return jar;
    }

    /** The project's directory (where bin/exo-bridge is). */
    static Path projectDir() {
        return Path.of(System.getProperty(PROJECT_PROPERTY, System.getProperty("user.dir")));
    }

    /** The java of this JVM. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Runs {@code command} with the environment changed by {@code env} (a null value removes a
     * variable), waits up to {@code waitSeconds}, and returns what it printed.
     */
    static CliRun run(List<String> command, Map<String, String> env, long waitSeconds) throws Exception {
        return run(command, env, waitSeconds, null);
    }

    /** {@link #run(List, Map, long)} in the working directory {@code dir} ({@code null}: this JVM's). */
    static CliRun run(List<String> command, Map<String, String> env, long waitSeconds, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (!p.waitFor(waitSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within " + waitSeconds + " s; stderr so far: "
                    + err.getNow("?"));
        }
        return new CliRun(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    /** {@code java -jar <cli jar> ARGS}. */
    static List<String> jarCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<" + e + ">";
            }
        });
    }
}
