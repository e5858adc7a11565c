package sample;

import dev.exobridge.pool.PoolOptions;
import dev.exobridge.pool.PoolHealth;
import dev.exobridge.pool.SessionPool;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.SessionOptions;

/** One call through a pool, built against the installed exo-bridge coordinates. */
public final class App {
    public static void main(String[] args) throws Exception {
        // pwsh gets a HOME of the build's own, so that nothing is written to the user's.
        java.nio.file.Path home = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "pwsh-home"))
                .toAbsolutePath();
        SessionOptions.Builder session = SessionOptions.builder().environment("HOME", home.toString());
        String pwsh = System.getenv("EXOBRIDGE_PWSH");
        if (pwsh != null && !pwsh.isEmpty()) {
            session.pwsh(java.nio.file.Path.of(pwsh));
        }
        PoolOptions options = PoolOptions.builder().name("sample-app").session(session.build()).sessions(1, 1).build();
        try (SessionPool pool = SessionPool.start(options)) {
            int sum = pool.invokeAsync(Invocation.script("1 + 41").build()).get()
                    .output().get(0).json().asInt();
            PoolHealth health = pool.health();
            if (sum != 42 || !health.up()) {
                throw new IllegalStateException("expected 42 from a healthy pool, got " + sum + ", " + health);
            }
            System.out.println("sample-app: 1 + 41 = " + sum + " (" + health + ")");
        }
    }
}
