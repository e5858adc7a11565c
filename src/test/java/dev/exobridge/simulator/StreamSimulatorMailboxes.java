package dev.exobridge.simulator;

import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Benchmark (not a test): streams N generated mailboxes (default 100,000) through exo-bridge and
 * prints the time to the first object and to the last. Run:
 * {@code mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.exobridge.simulator.StreamSimulatorMailboxes}
 * or with {@code java -cp target/classes:target/test-classes:<deps>}; needs EXOBRIDGE_PWSH.
 */
public final class StreamSimulatorMailboxes {
    private StreamSimulatorMailboxes() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path home = Files.createTempDirectory("exo-sim-bench");
        Path pwsh = Path.of(System.getenv("EXOBRIDGE_PWSH"));
        PwshEnvironment env = PwshEnvironment.system().withVariable("XDG_CACHE_HOME", home.resolve("cache").toString());
        SessionOptions base = SessionOptions.builder().pwsh(pwsh).environment("HOME", home.toString()).build();
        Path state = home.resolve("tenant.json");
        Simulator.create(base, env).init(state, TenantSpec.builder("contoso").mailboxes(n).build());
        try (PwshSession s = PwshSession.start(SimulatorModule.configure(base.toBuilder(), state, env).build())) {
            s.invoke("Connect-ExchangeOnline -AccessToken (New-ExoSimulatorAccessToken) -Organization contoso.onmicrosoft.com -ShowBanner:$false");
            long t0 = System.nanoTime();
            long first = 0;
            long count = 0;
            try (ResultStream r = s.stream(Invocation.script("Get-EXOMailbox -ResultSize Unlimited").timeout(Duration.ofMinutes(10)).build())) {
                while (r.hasNext()) {
                    r.next();
                    if (count++ == 0) {
                        first = System.nanoTime();
                    }
                }
            }
            long end = System.nanoTime();
            System.out.printf("streamed %,d simulated mailboxes (Minimum set) in %.1f s; first after %.2f s; %,.0f objects/s%n",
                    count, (end - t0) / 1e9, (first - t0) / 1e9, count / ((end - t0) / 1e9));
        }
    }
}
