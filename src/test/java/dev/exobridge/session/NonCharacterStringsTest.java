package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;

/**
 * Strings holding U+FFFE or U+FFFF, as parameters, output, property names and batched output:
 * pwsh writes those two as character references XML forbids (and its batching serialiser, with
 * PSSerializer's settings, refused them), which used to fail the message and kill the session.
 */
class NonCharacterStringsTest {
    static PwshSession session;

    @BeforeAll
    static void start(TestInfo info) {
        session = SessionTestSupport.startFor(info.getTestClass().orElseThrow());
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(session);
    }

    @Test
    void stringsHoldingTheNonCharactersFffeAndFfffComeBackAndTheSessionLives() {
        // pwsh writes them as character references XML forbids; the whole message (and the
        // session) used to fail with "Character reference "&#xFFFE" is an invalid XML character".
        String odd = "a\uFFFEb\uFFFFc_xFFFE_";
        InvocationResult r = session.invoke(Invocation.script("param($v) $v; [string][char]0xFFFE + [char]0xFFFF; "
                + "[pscustomobject]@{ (\"k\" + [char]0xFFFF) = [string][char]0xFFFE }").param("v", odd).build());
        assertThat(r.output().get(0).json().textValue()).isEqualTo(odd);
        assertThat(r.output().get(1).json().textValue()).isEqualTo("\uFFFE\uFFFF");
        assertThat(r.output().get(2).json().get("k\uFFFF").asText()).isEqualTo("\uFFFE");
        assertThat(session.invoke("1..20 | ForEach-Object { 'x' + [char]0xFFFF }").output()).hasSize(20)
                .allSatisfy(o -> assertThat(o.json().textValue()).isEqualTo("x\uFFFF"));
        assertThat(session.isAlive()).isTrue();
    }
}
