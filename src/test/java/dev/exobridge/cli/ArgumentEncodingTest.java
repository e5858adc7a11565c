package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Arguments the JVM could not decode in a non-UTF-8 locale are refused, never run garbled. */
class ArgumentEncodingTest {
    @Test
    void aReplacedCharacterUnderANonUtf8LocaleIsFound() {
        String[] args = {"run", "-c", "'caf\uFFFD\uFFFD'"};
        assertThat(Main.garbledArgument(args, "ANSI_X3.4-1968")).isEqualTo("'caf\uFFFD\uFFFD'");
    }

    @Test
    void underUtf8OrWithoutReplacementNothingIsRefused() {
        assertThat(Main.garbledArgument(new String[] {"-c", "'caf\u00e9'"}, "ANSI_X3.4-1968")).isNull();
        // Under UTF-8 a U+FFFD is one the user typed.
        assertThat(Main.garbledArgument(new String[] {"-c", "'\uFFFD'"}, "UTF-8")).isNull();
    }
}
