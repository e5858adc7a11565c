package dev.exobridge.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.json.ResultObject;
import dev.exobridge.pool.InvocationFuture;
import dev.exobridge.pool.PoolOptions;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.ResultStream;
import dev.exobridge.testsupport.SimTenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connected pools against the simulator: token expiry mid-run, transient faults, streaming, two sessions. */
class ExchangePoolTest {
    @TempDir
    Path tmp;

    static PoolOptions.Builder pool(int min, int max) {
        return PoolOptions.builder().sessions(min, max).borrowTimeout(Duration.ofSeconds(60));
    }

    static final Invocation COUNT = Invocation.script("(Get-EXOMailbox -ResultSize 2).Count").idempotent(true).build();

    @Test
    void aTokenThatExpiresMidRunIsRenewedAnd1000IdempotentCallsSucceed() {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of())) {
            AtomicInteger tokensAsked = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong lastIssued = new java.util.concurrent.atomic.AtomicLong();
            // Tokens of 20 s, renewed within 15 s of expiry. Generous, because a loaded machine may take
            // seconds to connect.
            var auth = new ExchangeAuth.AccessToken(SimTenant.ORG, () -> {
                tokensAsked.incrementAndGet();
                lastIssued.set(System.nanoTime());
                return t.javaToken(Duration.ofSeconds(20));
            });
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true).renewalMargin(Duration.ofSeconds(15)).build();
            try (ExchangePool p = ExchangePool.start(pool(1, 1), t.sessionOptions(), auth, o)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    if (i == 300 || i == 700) {
                        // The connection goes behind the pool's back: the next call fails for want of
                        // it, and is reconnected and retried once.
                        p.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false).build());
                    }
                    if (i == 999) {
                        // The last token, 6 s old, is within the margin (14 s left) and still valid: this
                        // call renews it, however fast or slow the calls before it were.
                        while (System.nanoTime() - lastIssued.get() < Duration.ofSeconds(6).toNanos()) {
                            Thread.onSpinWait();
                        }
                    }
                    assertThat(p.invoke(COUNT).output().get(0).json().asInt()).isEqualTo(2);
                }
                System.out.printf("1000 calls in %d ms: %d reconnects, %d retries, %d tokens asked%n",
                        (System.nanoTime() - t0) / 1_000_000, p.reconnects(), p.retries(), tokensAsked.get());
                assertThat(p.retries()).as("the two calls after a lost connection were retried").isEqualTo(2);
                assertThat(p.reconnects()).as("two after a lost connection, at least one renewal").isGreaterThanOrEqualTo(3);
                assertThat(tokensAsked.get()).as("a new token at every (re)connect").isEqualTo(1 + (int) p.reconnects());
            }
        }
    }

    @Test
    void transientFaultsEvery20thCallAreRetriedForIdempotentCallsOnly() {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of("TransientErrorEvery", 20,
                "ThrottleEvery", 7))) {
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true)
                    .backoff(Duration.ofMillis(5), Duration.ofMillis(50)).build();
            try (ExchangePool p = ExchangePool.start(pool(1, 1), t.sessionOptions(), t.certificateAuth(), o)) {
                for (int i = 0; i < 100; i++) {
                    assertThat(p.invoke(COUNT).output()).hasSize(1);
                }
                assertThat(p.retries()).isGreaterThanOrEqualTo(4);
                assertThat(p.throttlingWarnings()).as("Micro delay applied, counted").isGreaterThanOrEqualTo(10);
                Invocation once = Invocation.script("(Get-EXOMailbox -ResultSize 1).Count").build();
                int failed = 0;
                for (int i = 0; i < 40; i++) {
                    try {
                        p.invoke(once);
                    } catch (ExchangeTransientException e) {
                        failed++;
                        assertThat(e.getMessage()).contains("server side error");
                        assertThat(e.attempts()).isEqualTo(1);
                    }
                }
                assertThat(failed).isEqualTo(2);
            }
        }
    }

    @Test
    void invokeAsyncRunsAConnectedCallAndACancelStopsItKeepingTheConnectedSession() throws Exception {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of())) {
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true).build();
            try (ExchangePool p = ExchangePool.start(pool(1, 1), t.sessionOptions(), t.certificateAuth(), o)) {
                assertThat(p.invokeAsync(COUNT).get(60, TimeUnit.SECONDS).output().get(0).json().asInt()).isEqualTo(2);
                long pid = p.pool().pids().get(0);
                Path started = tmp.resolve("started");
                Path cleaned = tmp.resolve("finally");
                InvocationFuture f = p.invokeAsync(Invocation.script("param($S, $F) try { $null = New-Item $S; "
                        + "while ($true) { Start-Sleep -Milliseconds 50 } } finally { $null = New-Item $F }")
                        .param("S", started.toString()).param("F", cleaned.toString()).build());
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(started));
                assertThat(f.cancel(true)).isTrue();
                assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
                f.released().get(30, TimeUnit.SECONDS);
                assertThat(cleaned).as("the pipeline was stopped in pwsh").exists();
                assertThat(p.invoke(COUNT).output().get(0).json().asInt()).isEqualTo(2);
                assertThat(p.pool().pids()).as("the same session, still connected").containsExactly(pid);
                assertThat(p.connects()).isEqualTo(1);
                assertThat(p.health().up()).isTrue();
                assertThatThrownBy(() -> p.invokeAsync(null)).isInstanceOf(NullPointerException.class);
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mailbox(String UserPrincipalName, String Alias, String DisplayName) {
    }

    @Test
    void tenThousandMailboxesStreamWithBoundedMemoryAndSetMailboxIsSeenFromAnotherSession() throws Exception {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 10_000, Map.of())) {
            ExchangeOptions o = ExchangeOptions.builder().allowSimulator(true).build();
            try (ExchangePool p = ExchangePool.start(pool(1, 2), t.sessionOptions(), t.certificateAuth(), o)) {
                ObjectMapper mapper = new ObjectMapper();
                long count = 0;
                long maxUsed = 0;
                Runtime rt = Runtime.getRuntime();
                try (ResultStream s = p.stream(Invocation.command("Get-EXOMailbox").param("ResultSize", "Unlimited")
                        .build())) {
                    while (s.hasNext()) {
                        ResultObject r = s.next();
                        Mailbox m = r.as(mapper, Mailbox.class);
                        assertThat(m.UserPrincipalName()).endsWith("@" + SimTenant.ORG);
                        if (++count % 2000 == 0) {
                            System.gc();
                            maxUsed = Math.max(maxUsed, rt.totalMemory() - rt.freeMemory());
                        }
                    }
                }
                assertThat(count).isEqualTo(10_000);
                System.out.printf("10,000 mailboxes streamed; most heap in use after GC: %d MB%n", maxUsed >> 20);
                assertThat(maxUsed).as("heap in use stays bounded").isLessThan(256L << 20);

                // Set-Mailbox on the pool's session, read back from another pwsh process.
                List<JsonNode> first = p.cmdlet("Get-EXOMailbox", Map.of("ResultSize", 1));
                String upn = first.get(0).path("UserPrincipalName").asText();
                String hostile = "Shown \"name\" $(not run) ' \n line";
                p.invoke(Invocation.command("Set-Mailbox").param("Identity", upn).param("DisplayName", hostile).build());
                try (PwshSession other = PwshSession.start(t.sessionOptions());
                     ExchangeSession x = ExchangeSession.connect(other, t.certificateAuth(), o)) {
                    assertThat(x.session().pid()).isNotIn(p.pool().pids());
                    List<Mailbox> seen = x.cmdlet("Get-EXOMailbox", Map.of("Identity", upn), Mailbox.class, mapper);
                    assertThat(seen).singleElement().extracting(Mailbox::DisplayName).isEqualTo(hostile);
                }
            }
        }
    }

    @Test
    void aPoolThatCannotConnectFailsAtStartAndTheCapIsShared() {
        try (SimTenant t = SimTenant.create(tmp, SimTenant.marker(), 5, Map.of())) {
            ExchangeOptions capOne = ExchangeOptions.builder().allowSimulator(true).maxConnectionsPerApp(1).build();
            var wrong = new ExchangeAuth.Credential(SimTenant.USER, dev.exobridge.Secret.of("nope"));
            assertThatThrownBy(() -> ExchangePool.start(pool(1, 1), t.sessionOptions(), wrong, capOne))
                    .isInstanceOf(ExchangeAuthenticationException.class);
            var user = new ExchangeAuth.Credential(SimTenant.USER, dev.exobridge.Secret.of(t.userPassword));
            try (ExchangePool a = ExchangePool.start(pool(1, 1), t.sessionOptions(), user, capOne)) {
                assertThat(ConnectionCap.available(ConnectionCap.key(user))).isZero();
                PoolOptions.Builder quick = PoolOptions.builder().sessions(1, 1).borrowTimeout(Duration.ofMillis(300));
                assertThatThrownBy(() -> ExchangePool.start(quick, t.sessionOptions(), user, capOne))
                        .isInstanceOf(ExchangeThrottledException.class).hasMessageContaining("maxConnectionsPerApp");
                assertThat(a.cmdlet("Get-EXOMailbox", Map.of("ResultSize", 1))).hasSize(1);
            }
        }
    }
}
