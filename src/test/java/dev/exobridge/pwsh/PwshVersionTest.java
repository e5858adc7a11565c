package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PwshVersionTest {

    @Test
    void parsesReleaseAndPreRelease() {
        assertThat(PwshVersion.parse("7.6.9")).isEqualTo(PwshVersion.of(7, 6, 9));
        PwshVersion preview = PwshVersion.parse("7.4.0-preview.3");
        assertThat(preview).isEqualTo(new PwshVersion(7, 4, 0, "preview.3"));
        assertThat(preview.preReleaseLabel()).contains("preview.3");
        assertThat(preview.isPreRelease()).isTrue();
        assertThat(preview).hasToString("7.4.0-preview.3");
        assertThat(PwshVersion.of(7, 6, 9)).hasToString("7.6.9");
    }

    @Test
    void parsesLenientForms() {
        assertThat(PwshVersion.parse(" 7.2 \n")).isEqualTo(PwshVersion.of(7, 2, 0));
        assertThat(PwshVersion.parse("v7.5.1")).isEqualTo(PwshVersion.of(7, 5, 1));
        assertThat(PwshVersion.parse("7.5.1+abc.1")).isEqualTo(PwshVersion.of(7, 5, 1));
        // Windows PowerShell prints four parts; it must parse so "too old" can name it.
        assertThat(PwshVersion.parse("5.1.22621.4249")).isEqualTo(PwshVersion.of(5, 1, 22621));
    }

    @Test
    void rejectsNonVersionsNamingTheText() {
        for (String bad : List.of("", "7", "seven", "7.x.1", "7.1.0-", "7.1.0-a..b", "99999999999.1.1")) {
            assertThatThrownBy(() -> PwshVersion.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void ordersLikeSemanticVersioning() {
        List<String> sorted = List.of("7.1.0", "7.2.0-preview.9", "7.2.0-preview.10", "7.2.0-rc.1", "7.2.0",
                "7.2.1", "7.10.0", "10.0.0");
        List<PwshVersion> shuffled = new ArrayList<>(sorted.stream().map(PwshVersion::parse).toList());
        Collections.shuffle(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(PwshVersion::toString).containsExactlyElementsOf(sorted);
        assertThat(PwshVersion.parse("7.4.0-preview.3").isAtLeast(PwshVersion.of(7, 4, 0))).isFalse();
        assertThat(PwshVersion.parse("7.6.9").isAtLeast(PwshVersion.of(7, 2, 0))).isTrue();
        assertThat(PwshVersion.parse("7.2.0-1").compareTo(PwshVersion.parse("7.2.0-alpha"))).isNegative();
        assertThat(PwshVersion.parse("7.2.0-rc").compareTo(PwshVersion.parse("7.2.0-rc.1"))).isNegative();
    }
}
