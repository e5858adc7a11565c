package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.psrp.clixml.PsPrimitive;
import dev.exobridge.psrp.clixml.PsType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output batching beyond the equivalence FastLaneTest checks: nothing stays behind in pwsh after
 * calls that end early, batching can be turned off per call, secrets at the top level keep the
 * session key, and a broken batch breaks the session clearly.
 */
class OutputBatchTest {
    /** Run unbatched, or it would count its own batch. */
    private static final String PENDING = "$t = [AppDomain]::CurrentDomain.GetData('ExoBridge.Batching'); "
            + "if ($t) { $t.Unsent.Count } else { 0 }";
    private static PwshSession lane;
    private static PwshSession pipelines;

    @BeforeAll
    static void start() {
        lane = SessionTestSupport.start();
        pipelines = PwshSession.start(SessionTestSupport.options().fastLane(false).build());
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(lane, pipelines);
    }

    @Test
    void callsThatEndEarlyLeaveNothingBehindInPwsh() {
        for (PwshSession s : List.of(lane, pipelines)) {
            List<Invocation> calls = List.of(
                    Invocation.script("1..50 | ForEach-Object { $_ }; throw 'x'").build(),
                    Invocation.script("1..50 | ForEach-Object { $_ }; exit").build(),
                    Invocation.script("1..50 | ForEach-Object { $_ }; break").build(),
                    Invocation.command("Write-Output").arg(List.of(1, 2)).build(),
                    Invocation.script("1..50 | ForEach-Object { $_ }; Start-Sleep 600").timeout(Duration.ofSeconds(1)).build());
            for (Invocation inv : calls) {
                try {
                    s.invoke(inv);
                } catch (SessionException expected) {
                    // failing, timing out: what matters is what stays behind
                }
                assertThat(pending(s)).as(s + " after " + inv).isZero();
            }
            try (ResultStream r = s.stream(Invocation.script("1..100000").build())) {
                r.next();
            }
            assertThat(pending(s)).as(s.toString()).isZero();
        }
    }

    @Test
    void aByteArrayAmongTheFirstObjectsKeepsItsPlaceInTheOutput() {
        for (PwshSession s : List.of(lane, pipelines)) {
            List<String> got = new ArrayList<>();
            for (var o : s.invoke("'before'; ,[byte[]](1,2); 'after'; 'last'").output()) {
                got.add(o.json().textValue()); // a byte[] is its base64 text
            }
            assertThat(got).as(s.toString()).containsExactly("before", "AQI=", "after", "last");
        }
    }

    @Test
    void outputBeforeAFailureArrivesInOrderBeforeTheError() {
        for (PwshSession s : List.of(lane, pipelines)) {
            assertThatThrownBy(() -> s.invoke("1..450 | ForEach-Object { $_ }; throw 'late'"))
                    .isInstanceOfSatisfying(PowerShellErrorException.class, e -> {
                        assertThat(e.error().message()).isEqualTo("late");
                        assertThat(e.partialResult().output()).extracting(o -> o.json().intValue())
                                .containsExactlyElementsOf(range(1, 450));
                    });
        }
    }

    @Test
    void unbatchedCallsDeliverAnObjectWhileTheScriptWaitsForTheCaller(@TempDir Path dir) throws IOException {
        Path go = dir.resolve("go");
        Invocation waiting = Invocation.script(
                "param($f) 'first'; while (-not (Test-Path -LiteralPath $f)) { Start-Sleep -Milliseconds 20 }; 'second'")
                .param("f", go.toString()).batchOutput(false).timeout(Duration.ofSeconds(60)).build();
        try (ResultStream r = lane.stream(waiting)) {
            assertThat(r.next().json().textValue()).isEqualTo("first");
            Files.writeString(go, "");
            assertThat(r.next().json().textValue()).isEqualTo("second");
            assertThat(r.hasNext()).isFalse();
        }
    }

    @Test
    void aTopLevelSecureStringLeavesTheBatchAndKeepsItsPlaceInTheOrder() {
        InvocationResult r = lane.invoke("1; ConvertTo-SecureString 's3' -AsPlainText -Force; 2; "
                + "[pscustomobject]@{ Inner = (ConvertTo-SecureString 'n4' -AsPlainText -Force) }");
        assertThat(r.output()).hasSize(4);
        assertThat(r.output().get(0).json().intValue()).isEqualTo(1);
        assertThat(new String(r.output().get(1).secret().reveal())).isEqualTo("s3");
        assertThat(r.output().get(2).json().intValue()).isEqualTo(2);
        assertThat(r.output().get(3).json().get("Inner").isNull()).as("secrets never become JSON text").isTrue();
    }

    @Test
    void pwshGetsALargerGen0BudgetUnlessTheOptionsSayOtherwise() {
        String budget = "$env:DOTNET_GCgen0size";
        assertThat(lane.invoke(budget).output().get(0).json().textValue())
                .isEqualTo(System.getenv("DOTNET_GCgen0size") == null ? "0x4000000" : System.getenv("DOTNET_GCgen0size"));
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().environment("DOTNET_GCgen0size", "").build())) {
            assertThat(s.invoke(budget).output().get(0).json().isNull()).isTrue();
        }
    }

    @Test
    void brokenBatchesAreProtocolErrors() throws IOException {
        assertThatThrownBy(() -> OutputBatch.unpack(new PsPrimitive(PsType.BYTE_ARRAY, new byte[] {0x1f, (byte) 0x8b, 1, 2})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("gzip");
        byte[] notAList = "<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\"><I32>1</I32></Objs>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> OutputBatch.unpack(new PsPrimitive(PsType.BYTE_ARRAY, gzip(notAList))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("list");
        assertThatThrownBy(() -> OutputBatch.unpack(new PsPrimitive(PsType.BYTE_ARRAY, "<Objs".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ProtocolException.class);
    }

    private static int pending(PwshSession s) {
        return s.invoke(Invocation.script(PENDING).batchOutput(false).build()).output().get(0).json().intValue();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }
}
