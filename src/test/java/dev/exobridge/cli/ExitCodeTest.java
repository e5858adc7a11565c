package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.exchange.ExchangeAuthenticationException;
import dev.exobridge.exchange.ExchangeModuleException;
import dev.exobridge.exchange.ExchangeNotConnectedException;
import dev.exobridge.exchange.ExchangeThrottledException;
import dev.exobridge.exchange.ExchangeTransientException;
import dev.exobridge.exchange.InvalidAuthException;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.pwsh.PwshNotFoundException;
import dev.exobridge.pwsh.PwshTooOldException;
import dev.exobridge.pwsh.PwshVersion;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.session.SessionException;
import dev.exobridge.session.SessionStartException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void codesAreTheDocumentedOnes() {
        // The table itself is checked against the docs by ExitCodeTableTest; these codes are fixed, in code order.
        assertThat(Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code)).containsExactly(0, 1, 2, 3, 4, 5, 6, 70, 75, 130, 143);
        assertThat(ExitCode.helpList()).hasSize(ExitCode.values().length).containsKey(" 70").containsKey(" 75")
                .containsKey("130").containsKey("143");
    }

    @Test
    void failuresMapToTheirCodeThroughCauses() {
        InvocationResult empty = new InvocationResult(List.of(), List.of(), List.of());
        assertThat(ExitCode.of(new InvocationTimeoutException(Duration.ofSeconds(1), false, empty))).isEqualTo(ExitCode.TIMEOUT);
        assertThat(ExitCode.of(new PwshNotFoundException("x", List.of(), null))).isEqualTo(ExitCode.PREREQUISITE_MISSING);
        assertThat(ExitCode.of(new PwshTooOldException(Path.of("p"), PwshVersion.of(7, 0, 0), PwshVersion.of(7, 2, 0),
                List.of()))).isEqualTo(ExitCode.PREREQUISITE_MISSING);
        assertThat(ExitCode.of(new SessionDeadException("died", 1, List.of(), null))).isEqualTo(ExitCode.PWSH_DIED);
        assertThat(ExitCode.of(new SessionStartException("no start", null))).isEqualTo(ExitCode.PWSH_DIED);
        assertThat(ExitCode.of(new ProtocolException("garbage"))).isEqualTo(ExitCode.PWSH_DIED);
        assertThat(ExitCode.of(new SessionException("wrapped", new ProtocolException("garbage")))).isEqualTo(ExitCode.PWSH_DIED);
        assertThat(ExitCode.of(new UsageException("bad"))).isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.of(new ExitCodeException(ExitCode.AUTH_FAILED, "no"))).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.of(new IllegalStateException("bug"))).isEqualTo(ExitCode.INTERNAL);
    }

    @Test
    void exchangeFailuresMapByType() {
        assertThat(ExitCode.of(new RuntimeException(new ExchangeAuthenticationException("AADSTS700016: no app", null))))
                .isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.of(new ExchangeNotConnectedException("not connected", null))).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(ExitCode.of(new ExchangeThrottledException("slow down", null, null))).isEqualTo(ExitCode.RETRY_LATER);
        assertThat(ExitCode.of(new ExchangeTransientException("server side error", null, null)))
                .isEqualTo(ExitCode.RETRY_LATER);
        assertThat(ExitCode.RETRY_LATER.code()).isEqualTo(75);
        assertThat(ExitCode.of(new ExchangeModuleException("3.10 needs 7.6", null))).isEqualTo(ExitCode.PREREQUISITE_MISSING);
        assertThat(ExitCode.of(new InvalidAuthException("bad org"))).isEqualTo(ExitCode.USAGE);
    }

    /** The old rule matched any class whose name ended in AuthenticationException; it is gone. */
    static final class OtherAuthenticationException extends RuntimeException {
    }

    @Test
    void aForeignAuthenticationExceptionIsNotAnAuthFailure() {
        assertThat(ExitCode.of(new OtherAuthenticationException())).isEqualTo(ExitCode.INTERNAL);
    }
}
