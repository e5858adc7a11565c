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
 * The default path (the fast lane with output batching) gives what remoting itself gives, a
 * pipeline of the call's own with output object by object, and recovers from everything.
 */
class FastLaneTest {
    private static PwshSession plain;
    private static PwshSession lane;
    private static PwshSession batchedPipelines;

    @BeforeAll
    static void start() {
        // The reference is remoting as it is: a pipeline per call, output object by object.
        plain = PwshSession.start(SessionTestSupport.options().fastLane(false).batchOutput(false).build());
        lane = PwshSession.start(SessionTestSupport.options().build());
        batchedPipelines = PwshSession.start(SessionTestSupport.options().fastLane(false).build());
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(plain, lane, batchedPipelines);
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
                Invocation.script("$x").build(),
                Invocation.script("1/0; 'next'").build(),
                Invocation.script("$ErrorActionPreference = 'Stop'; try { Write-Error e1 } catch { 'caught' }; 'after'").build(),
                Invocation.script("$ErrorActionPreference = 'Continue'; Write-Error 'soft'; [int]::Parse('x'); 'after'").build(),
                Invocation.script("Read-Host 'q'; 'after prompt'").build(),
                Invocation.script("trap { 'trapped'; continue } 1/0; 'after trap'").build(),
                Invocation.script("foreach ($i in 1..3) { if ($i -eq 2) { break }; $i }; 'after break'").build(),
                Invocation.script("'x'; exit 3").build(),
                Invocation.script("'still alive'").build(),
                Invocation.script("@($input).Count; $input.GetType().FullName; \"[$_]\"; $args.Count; $PSItem").build(),
                Invocation.script("process { \"p:[$_]\" } end { 'e' }").build(),
                Invocation.script("$MyInvocation.MyCommand.CommandType; $MyInvocation.PipelinePosition; $PSCmdlet -eq $null").build(),
                Invocation.script("'still alive after $input'").build(),
                // Batching: typed objects at remoting's depth and at a depth asked for, objects
                // shared between outputs, collections, nulls, enums and the like, secrets.
                // (typed objects whose nested objects depend on the depth, and whose values stay put)
                Invocation.script("[System.Text.Encoding]::UTF8; [cultureinfo]::GetCultureInfo('de-DE'); [cultureinfo]::GetCultureInfo('de-DE')").build(),
                Invocation.script("[System.Text.Encoding]::UTF8; [cultureinfo]::GetCultureInfo('fr-FR')").depth(2).build(),
                Invocation.command("Get-Culture").param("Name", "en-GB").build(),
                Invocation.script("$o = [pscustomobject]@{ A = 1 }; $o; $o; [pscustomobject]@{ X = $o; Y = $o }").build(),
                Invocation.script("$null; ,@(1, $null, 'x'); @{ a = @{ b = 2 } }; [ConsoleColor]::Red; [guid]::Empty; "
                        + "[version]'1.2.3'; [uri]'https://x.test/a?b'; [char]'c'; [byte[]](1,2,3); 1.5d; [timespan]::FromSeconds(90); "
                        + "[datetime]::new(2020,1,2,3,4,5,[DateTimeKind]::Utc); [datetimeoffset]::new(2020,1,2,3,4,5,[timespan]::FromHours(2)); "
                        + "[System.Collections.Generic.List[int]]::new([int[]](1,2)); [ordered]@{ z = 1; a = 2 }; [xml]'<a><b>1</b></a>'").build(),
                Invocation.script("$e = [System.Management.Automation.ErrorRecord]::new([Exception]::new('m'), 'id', 'NotSpecified', $null); $e").build(),
                Invocation.script("'a'; Write-Warning w; 'b'; Write-Error e; 'c'").build(),
                Invocation.script("1..1000 | ForEach-Object { [pscustomobject]@{ N = $_; S = \"s$_\" } }").build(),
                Invocation.script("1..5 | ForEach-Object { $_; Start-Sleep -Milliseconds 30 }").build(),
                Invocation.script("'kept 1'; 'kept 2'; throw 'after two'").build(),
                Invocation.script("1..450 | ForEach-Object { $_ }; throw 'after a few batches'").build(),
                Invocation.script("1..10 | ForEach-Object { $_ }; Get-Item /no/such -ErrorAction Stop").build(),
                Invocation.command("Get-ChildItem").param("LiteralPath", "/no/such/dir").build(),
                Invocation.script("'x' * 100000; 'y' * 3000000").build(),
                Invocation.script("'a'; continue; 'b'").build(),
                Invocation.script("'a'; break; 'b'").build(),
                Invocation.script("foreach ($i in 1..3) { $i; continue; 'never' }; 'after loop'").build(),
                Invocation.script("1..300 | ForEach-Object { $_ }; exit").build(),
                Invocation.script("'alive at the end'").build());
        for (Invocation inv : calls) {
            ObjectNode expected = outcome(plain, inv);
            assertThat(outcome(lane, inv)).as("lane: " + inv).isEqualTo(expected);
            assertThat(outcome(batchedPipelines, inv)).as("batched pipeline: " + inv).isEqualTo(expected);
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
    void aSessionsFirstCallTakesAPipelineOfItsOwnAndTheNextOneTheLane() {
        String laneThere = "@(Get-Variable -Name __exoLane -ErrorAction SilentlyContinue).Count";
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().build())) {
            assertThat(s.invoke(laneThere).output().get(0).json().intValue()).isZero();
            assertThat(s.invoke(laneThere).output().get(0).json().intValue()).isEqualTo(1);
            assertThat(s.invoke("1..30").output()).hasSize(30);
        }
    }

    /** pwsh answers the protocol's close only after its pipelines end; an idle lane must not hold it. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void closingASessionWithAnIdleLaneDoesNotWaitForTheCloseTimeout() {
        PwshSession s = PwshSession.start(SessionTestSupport.options().closeTimeout(Duration.ofMinutes(10)).build());
        s.invoke("1");
        assertThat(s.invoke(Invocation.script("@(Get-Variable -Name __exoLane -ErrorAction SilentlyContinue).Count").build())
                .output().get(0).json().intValue()).as("the lane runs").isEqualTo(1);
        s.close();
        assertThat(s.isAlive()).isFalse();
    }

    @Test
    void theLaneKeepsToItsFourVariables() {
        lane.invoke("1..20 | ForEach-Object { $_ }");
        lane.invoke(Invocation.script("param($a) $a").param("a", 1).build());
        String names = lane.invoke("(@(Get-Variable -Name ExoBridge*, __exo*, exo*).Name | Sort-Object) -join ','")
                .output().get(0).json().textValue();
        assertThat(names).isEqualTo("__exoCall,__exoLane,__exoNamed,__exoPos");
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
