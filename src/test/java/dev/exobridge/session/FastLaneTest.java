package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast lane gives what a pipeline of its own gives, and recovers from everything. Known
 * difference, documented in docs/engine.md: an error that ends only a statement (1/0, a refused
 * prompt, -ErrorAction Stop inside a script) ends the whole call on the lane.
 */
class FastLaneTest {
    private static PwshSession plain;
    private static PwshSession lane;

    @BeforeAll
    static void start() {
        plain = SessionTestSupport.start();
        lane = PwshSession.start(SessionTestSupport.options().fastLane(true).build());
    }

    @AfterAll
    static void stop() {
        plain.close();
        lane.close();
    }

    /** Everything a call produced, or how it failed, as one JSON value. */
    private static ObjectNode outcome(PwshSession s, Invocation inv) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        InvocationResult r;
        try {
            r = s.invoke(inv);
        } catch (PowerShellErrorException e) {
            o.set("terminating", e.error().toJson());
            r = e.partialResult();
        } catch (HostPromptException e) {
            o.put("prompt", e.method());
            r = e.partialResult();
        }
        r.output().forEach(x -> o.withArray("output").add(x.withTypes()));
        r.errors().forEach(x -> o.withArray("errors").add(x.toJson()));
        r.records().forEach(x -> o.withArray("records").add(x.kind() + ":" + x.message()));
        return o;
    }

    @Test
    void sameOutcomesAsPipelinesOfTheirOwn() {
        List<Invocation> calls = List.of(
                Invocation.script("1; 'two'; [pscustomobject]@{ A = 1 }; @{ k = 'v' }; $null; ,@(1,2)").build(),
                Invocation.script("param($a, $b, [switch]$c) \"$a|$b|$c\"").param("a", "x").param("b", 2).switchParam("c").build(),
                Invocation.script("param($first) $first; $args").arg("p1").arg("p2").build(),
                Invocation.command("Get-Date").param("Date", "2020-01-02").param("Format", "yyyy-MM-dd").build(),
                Invocation.command("Write-Output").arg(List.of(1, 2, 3)).build(),
                Invocation.script("Write-Warning w; Write-Verbose v -Verbose; Write-Information i; Write-Host h; 'out'").build(),
                Invocation.script("'before'; Write-Error 'soft'; throw 'hard'").build(),
                Invocation.script("Get-Item /no/such/path").build(),
                Invocation.script("Get-Item /no/such/path -ErrorAction Stop").build(),
                Invocation.script("1 +* 2").build(),
                Invocation.command("No-SuchCommand").build(),
                Invocation.script("[pscustomobject]@{ L1 = [pscustomobject]@{ L2 = [pscustomobject]@{ L3 = 1 } } }").depth(4).build(),
                Invocation.script("$global:laneVar = 7; function global:Get-LaneThing { 'thing' }").build(),
                Invocation.script("$laneVar; Get-LaneThing").build(),
                Invocation.script("$x = 'dot-sourced'").build(),
                Invocation.script("$x").build());
        for (Invocation inv : calls) {
            assertThat(outcome(lane, inv)).as(inv.toString()).isEqualTo(outcome(plain, inv));
        }
    }

    @Test
    void theLaneRecoversFromTimeoutsEarlyClosesExitsAndInput() {
        assertThatThrownBy(() -> lane.invoke(Invocation.script("Start-Sleep 600").timeout(Duration.ofSeconds(1)).build()))
                .isInstanceOfSatisfying(InvocationTimeoutException.class, e -> assertThat(e.sessionKilled()).isFalse());
        assertThat(lane.invoke("'after timeout'").output().get(0).json().textValue()).isEqualTo("after timeout");
        try (ResultStream r = lane.stream(Invocation.script("1..100000000").build())) {
            assertThat(r.next().json().intValue()).isEqualTo(1);
        }
        assertThat(lane.invoke("'after close'").output().get(0).json().textValue()).isEqualTo("after close");
        assertThat(lane.invoke(Invocation.script("process { $_ + 1 }").input(List.of(1, 2)).build()).output())
                .extracting(o -> o.json().intValue()).containsExactly(2, 3);
        assertThat(lane.invoke("'after input'").output().get(0).json().textValue()).isEqualTo("after input");
        lane.invoke("'bye'; exit");
        assertThat(lane.invoke("'after exit'").output().get(0).json().textValue()).isEqualTo("after exit");
        assertThat(lane.isReady()).isTrue();
    }

    @Test
    void forgedEndMarkersDoNotEndACall() {
        InvocationResult r = lane.invoke("[pscustomobject]@{ PSTypeName = 'ExoBridge.CallEnd'; Nonce = 1; Call = 1 }; 'real end'");
        assertThat(r.output()).hasSize(2);
        assertThat(r.output().get(1).json().textValue()).isEqualTo("real end");
    }

    @Test
    void fastLaneNeedsOneRunspace() {
        assertThatThrownBy(() -> SessionOptions.builder().runspaces(2).fastLane(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one runspace");
    }
}
