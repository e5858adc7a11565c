package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.pwsh.PwshLaunch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SessionOptions' defaults and checks, without pwsh: pwsh's arguments and their check are PwshLaunch's. */
class SessionOptionsTest {

    @Test
    void theDefaultsAreTheOnesTheClassJavadocStates() {
        SessionOptions o = SessionOptions.defaults();
        assertThat(o.arguments()).isEqualTo(PwshLaunch.DEFAULT_ARGUMENTS);
        assertThat(o.environment()).isEmpty();
        assertThat(o.pwsh()).isNull();
        assertThat(o.workingDirectory()).isNull();
        assertThat(o.runspaces()).isEqualTo(1);
        assertThat(o.openTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.defaultTimeout()).isNull();
        assertThat(o.stopGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.hostHandler()).isNull();
        assertThat(o.outputBuffer()).isEqualTo(256);
        assertThat(o.transcriptDirectory()).isNull();
        assertThat(o.fastLane()).isTrue();
        assertThat(SessionOptions.builder().runspaces(2).build().fastLane()).isFalse();
        assertThat(o.batchOutput()).isTrue();
    }

    @Test
    void argumentsMustKeepServerModeAsPwshLaunchChecksIt() {
        assertThat(SessionOptions.builder().arguments(List.of("-NoProfile", "-servermode")).build().arguments())
                .containsExactly("-NoProfile", "-servermode");
        assertThatThrownBy(() -> SessionOptions.builder().arguments(List.of("-NoProfile", "-sshs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server mode");
    }

    @Test
    void durationsMustBePositiveAndSayWhichOneIsNot() {
        assertThatThrownBy(() -> SessionOptions.builder().stopGrace(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("stopGrace must be positive, got PT0S");
        assertThatThrownBy(() -> SessionOptions.builder().openTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openTimeout must be positive");
        assertThat(SessionOptions.builder().defaultTimeout(null).build().defaultTimeout()).isNull();
        assertThatThrownBy(() -> SessionOptions.builder().fastLane(true).runspaces(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one runspace");
    }
}
