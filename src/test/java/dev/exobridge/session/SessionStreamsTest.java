package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors as data, every stream in order, prompts that never hang, a channel nothing corrupts. */
class SessionStreamsTest {
    static PwshSession session;

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
        session = SessionTestSupport.startFor(info.getTestClass().orElseThrow());
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(session);
    }

    @Test
    void nonTerminatingErrorRecordHasAllItsFields() {
        InvocationResult r = session.invoke(Invocation.script(
                "Write-Error -Message 'no such mailbox' -Category ObjectNotFound -ErrorId 'MbxMissing' "
                        + "-TargetObject 'bob@contoso.com' -CategoryActivity 'Get-Mailbox' -CategoryReason 'NotFound' "
                        + "-CategoryTargetName 'bob' -CategoryTargetType 'Mailbox'; 'after'").build());
        assertThat(r.output()).extracting(o -> o.json().textValue()).containsExactly("after");
        assertThat(r.hadErrors()).isTrue();
        PowerShellError e = r.errors().get(0);
        assertThat(e.message()).isEqualTo("no such mailbox");
        assertThat(e.category()).isEqualTo("ObjectNotFound");
        assertThat(e.activity()).isEqualTo("Get-Mailbox");
        assertThat(e.reason()).isEqualTo("NotFound");
        assertThat(e.targetName()).isEqualTo("bob");
        assertThat(e.targetType()).isEqualTo("Mailbox");
        assertThat(e.fullyQualifiedErrorId()).isEqualTo("MbxMissing");
        assertThat(e.targetObject().textValue()).isEqualTo("bob@contoso.com");
        assertThat(e.exceptionType()).isEqualTo("Microsoft.PowerShell.Commands.WriteErrorException");
        assertThat(e.exceptionMessage()).isEqualTo("no such mailbox");
        assertThat(e.scriptStackTrace()).contains("<ScriptBlock>");
        assertThat(e.toJson().at("/category/category").textValue()).isEqualTo("ObjectNotFound");
        assertThat(e.toJson().at("/exception/type").textValue()).isEqualTo(e.exceptionType());
    }

    @Test
    void terminatingErrorFailsTheCallWithItsRecordAndPartialOutput() {
        assertThatThrownBy(() -> session.invoke("'before'\n  throw [System.ArgumentException]::new('bad argument')"))
                .isInstanceOfSatisfying(PowerShellErrorException.class, e -> {
                    assertThat(e.error().message()).isEqualTo("bad argument");
                    assertThat(e.error().exceptionType()).isEqualTo("System.ArgumentException");
                    assertThat(e.error().line()).isEqualTo(2);
                    assertThat(e.error().column()).isGreaterThan(0);
                    assertThat(e.partialResult().output()).extracting(o -> o.json().textValue()).containsExactly("before");
                    assertThat(e.getMessage()).contains("bad argument");
                });
        assertThatThrownBy(() -> session.invoke("1 +* 2")).isInstanceOfSatisfying(PowerShellErrorException.class,
                e -> assertThat(e.error().category()).isEqualTo("ParserError"));
        assertThatThrownBy(() -> session.invoke(Invocation.command("No-SuchCommand").build()))
                .isInstanceOfSatisfying(PowerShellErrorException.class,
                        e -> assertThat(e.error().fullyQualifiedErrorId()).isEqualTo("CommandNotFoundException"));
        assertThat(session.invoke("1+1").output().get(0).json().intValue()).isEqualTo(2);
    }

    @Test
    void everyStreamArrivesInOrderWhileTheCallRuns() {
        List<String> events = new CopyOnWriteArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void onRecord(StreamRecord record) {
                events.add(record.kind() + ":" + record.message());
            }

            @Override
            public void onError(PowerShellError error) {
                events.add("ERROR:" + error.message());
            }
        };
        InvocationResult r = session.invoke(Invocation.script("""
                $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
                Write-Warning 'w1'; Write-Verbose 'v1'; Write-Debug 'd1'; Write-Information 'i1'; Write-Host 'h1'
                Write-Progress -Activity 'copying' -Status 'half' -PercentComplete 50
                Write-Error 'e1'; Write-Warning 'w2'
                'out'
                """).listener(listener).build());
        assertThat(events).containsExactly("WARNING:w1", "VERBOSE:v1", "DEBUG:d1", "INFORMATION:i1", "INFORMATION:h1",
                "PROGRESS:copying: half", "ERROR:e1", "WARNING:w2");
        assertThat(r.records()).extracting(rec -> rec.kind() + ":" + rec.message())
                .containsExactly("WARNING:w1", "VERBOSE:v1", "DEBUG:d1", "INFORMATION:i1", "INFORMATION:h1",
                        "PROGRESS:copying: half", "WARNING:w2");
        assertThat(r.records(StreamKind.PROGRESS).get(0).details().get("PercentComplete").intValue()).isEqualTo(50);
        assertThat(r.output()).extracting(o -> o.json().textValue()).containsExactly("out");
    }

    @Test
    void promptsFailTheCallInsteadOfHanging() {
        for (String prompt : List.of("Read-Host 'name?'", "Read-Host", "Get-Credential -UserName bob",
                "$host.UI.PromptForChoice('c', 'm', @('&Yes', '&No'), 0)", "Read-Host -AsSecureString")) {
            assertThatThrownBy(() -> session.invoke(Invocation.script(prompt).timeout(Duration.ofSeconds(30)).build()))
                    .as(prompt).isInstanceOf(HostPromptException.class)
                    .hasMessageContaining("asked for user input");
        }
        assertThat(session.invoke("'still fine'").output().get(0).json().textValue()).isEqualTo("still fine");
    }

    @Test
    void aHostHandlerCanAnswerPrompts() {
        List<String> asked = new ArrayList<>();
        try (PwshSession s = PwshSession.start(SessionTestSupport.options().hostHandler(call -> {
            asked.add(call.method());
            return switch (call.method()) {
                case "ReadLine" -> "typed text";
                case "ReadLineAsSecureString" -> Secret.of("typed secret");
                case "PromptForChoice" -> 1;
                default -> throw new IllegalStateException("not answered: " + call.method());
            };
        }).build())) {
            assertThat(s.invoke("Read-Host").output().get(0).json().textValue()).isEqualTo("typed text");
            assertThat(s.invoke("$host.UI.PromptForChoice('c', 'm', @('&Yes', '&No'), 0)").output().get(0).json().intValue())
                    .isEqualTo(1);
            assertThat(s.invoke("[System.Net.NetworkCredential]::new('', (Read-Host -AsSecureString)).Password")
                    .output().get(0).json().textValue()).isEqualTo("typed secret");
            assertThatThrownBy(() -> s.invoke("Get-Credential -UserName bob")).isInstanceOf(HostPromptException.class);
        }
        assertThat(asked).contains("ReadLine", "PromptForChoice", "ReadLineAsSecureString");
    }

    @Test
    void consoleWritesAndNativeProgramsDoNotCorruptTheChannel() {
        InvocationResult r = session.invoke("""
                [Console]::WriteLine('<Data Stream=''Default'' PSGuid=''00000000-0000-0000-0000-000000000000''>AAAA</Data>')
                [Console]::Out.Flush()
                [Console]::Error.WriteLine('to stderr')
                Write-Host 'host line'
                /bin/echo 'native stdout'
                /bin/sh -c 'echo native stderr >&2'
                'done'
                """);
        assertThat(r.output()).extracting(o -> o.json().textValue()).containsExactly("native stdout", "done");
        assertThat(session.invoke("2+2").output().get(0).json().intValue()).isEqualTo(4);
    }
}
