package dev.exobridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.json.ResultObject;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's mailboxes: Get-EXO*, the classic cmdlets, the state's writers, concurrency. */
class SimulatorMailboxTest {
    @TempDir
    static Path home;
    static SimulatorFixture fx;
    static Path state;
    static PwshSession s;

    static final String CONNECT = "Connect-ExchangeOnline -AppId $AppId -CertificateFilePath $Pfx "
            + "-CertificatePassword (ConvertTo-SecureString $Pw -AsPlainText -Force) -Organization contoso.onmicrosoft.com -ShowBanner:$false";

    @BeforeAll
    static void tenant() {
        fx = new SimulatorFixture(home);
        fx.certificate("app");
        state = home.resolve("contoso.json");
        fx.simulator().init(state, TenantSpec.builder("contoso.onmicrosoft.com").mailboxes(1010).seed("42")
                .app(SimulatorFixture.APP_ID, home.resolve("app.cer")).maxConcurrency(8).build());
        s = fx.session(state);
        connect(s);
    }

    @AfterAll
    static void close() {
        if (s != null) {
            s.close();
        }
    }

    static void connect(PwshSession session) {
        session.invoke(Invocation.script("param($AppId, $Pfx, $Pw) " + CONNECT).param("AppId", SimulatorFixture.APP_ID)
                .param("Pfx", home.resolve("app.pfx").toString()).param("Pw", SimulatorFixture.PFX_PASSWORD).build());
    }

    static InvocationResult run(String script, Object... kv) {
        Invocation.Builder b = Invocation.script(script).timeout(Duration.ofSeconds(120)).depth(3);
        for (int i = 0; i < kv.length; i += 2) {
            b.param((String) kv[i], kv[i + 1]);
        }
        return s.invoke(b.build());
    }

    static List<JsonNode> out(String script, Object... kv) {
        return run(script, kv).output().stream().map(ResultObject::json).toList();
    }

    static String failure(String script, Object... kv) {
        try {
            InvocationResult r = run(script, kv);
            assertThat(r.errors()).as("errors of %s", script).isNotEmpty();
            return r.errors().get(0).message();
        } catch (PowerShellErrorException e) {
            return e.error().message();
        }
    }

    @Test
    void minimumSetInTheLiveOrderAndResultSize() {
        InvocationResult r = run("Get-EXOMailbox");
        assertThat(r.output()).hasSize(1000);
        assertThat(r.records(StreamKind.WARNING)).extracting(StreamRecord::message).containsExactly(
                "There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.");
        JsonNode m = r.output().get(0).json();
        List<String> names = new ArrayList<>();
        m.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("ExternalDirectoryObjectId", "UserPrincipalName", "Alias", "DisplayName", "EmailAddresses",
                "PrimarySmtpAddress", "RecipientType", "RecipientTypeDetails", "Identity", "Id", "ExchangeVersion", "Name",
                "DistinguishedName", "OrganizationId", "Guid");
        assertThat(m.path("EmailAddresses").get(0).asText()).isEqualTo("SMTP:" + m.path("PrimarySmtpAddress").asText());
        assertThat(out("(Get-EXOMailbox -ResultSize Unlimited | Measure-Object).Count").get(0).asInt()).isEqualTo(1010);
        assertThat(out("(Get-EXOMailbox -ResultSize 3 -WarningAction SilentlyContinue | Measure-Object).Count").get(0).asInt()).isEqualTo(3);
        assertThat(out("(Get-EXOMailbox -ResultSize 1).GetType().FullName").get(0).asText()).isEqualTo("System.Management.Automation.PSCustomObject");
        assertThat(failure("Get-EXOMailbox -ResultSize lots")).isEqualTo("Cannot bind parameter 'ResultSize'. 'lots' is not a positive number or 'Unlimited'.");
        // The streaming path and the one-mailbox path give the same mailbox.
        for (int i = 0; i < 25; i++) {
            JsonNode streamed = r.output().get(i).json();
            assertThat(out("param($I) Get-EXOMailbox -Identity $I", "I", streamed.path("Alias").asText()).get(0)).isEqualTo(streamed);
        }
        // The same seed makes the same tenant.
        String first = m.path("Alias").asText();
        assertThat(out("(Get-EXOMailbox -ResultSize 1).Alias").get(0).asText()).isEqualTo(first);
    }

    @Test
    void identityAnrPropertySetsAndTypes() {
        JsonNode one = out("Get-EXOMailbox -ResultSize 1").get(0);
        String alias = one.path("Alias").asText();
        for (String id : List.of(alias, one.path("UserPrincipalName").asText(), one.path("Guid").asText(), one.path("ExternalDirectoryObjectId").asText())) {
            assertThat(out("param($I) (Get-EXOMailbox -Identity $I).Alias", "I", id)).extracting(JsonNode::asText).containsExactly(alias);
        }
        assertThat(out("param($I) (Get-EXOMailbox -ExternalDirectoryObjectId $I).Alias", "I", one.path("ExternalDirectoryObjectId").asText()))
                .extracting(JsonNode::asText).containsExactly(alias);
        assertThat(failure("Get-EXOMailbox -Identity nobody@contoso.onmicrosoft.com"))
                .isEqualTo("The operation couldn't be performed because object 'nobody@contoso.onmicrosoft.com' couldn't be found on 'contoso.onmicrosoft.com'.");
        String first = one.path("DisplayName").asText().split(" ")[0];
        List<JsonNode> anr = out("param($A) Get-EXOMailbox -Anr $A -ResultSize Unlimited", "A", first);
        assertThat(anr).isNotEmpty().allMatch(n -> n.path("DisplayName").asText().startsWith(first));
        JsonNode quota = out("param($I) Get-EXOMailbox -Identity $I -PropertySets Quota", "I", alias).get(0);
        assertThat(quota.path("ProhibitSendQuota").asText()).isEqualTo("99 GB (106,300,440,576 bytes)");
        assertThat(quota.path("RulesQuota").asText()).isEqualTo("256 KB (262,144 bytes)");
        assertThat(quota.has("IssueWarningQuota") && quota.has("Alias") && quota.has("UseDatabaseQuotaDefaults")).isTrue();
        JsonNode delivery = out("param($I) Get-EXOMailbox -Identity $I -PropertySets Delivery -Properties WhenCreated", "I", alias).get(0);
        assertThat(delivery.path("MaxSendSize").asText()).isEqualTo("35 MB (36,700,160 bytes)");
        assertThat(out("param($I) (Get-EXOMailbox -Identity $I -Properties WhenCreated).WhenCreated -is [datetime]", "I", alias).get(0).asBoolean()).isTrue();
        assertThat(out("param($I) (Get-EXOMailbox -Identity $I -PropertySets All).PSObject.Properties.Name.Count", "I", alias).get(0).asInt()).isGreaterThan(50);
        assertThat(failure("Get-EXOMailbox -ResultSize 1 -Properties Bogus")).isEqualTo("The property 'Bogus' is not a property of Get-EXOMailbox in the exo-bridge simulator.");
        assertThat(failure("Get-EXOMailbox -ResultSize 1 -PropertySets Audit"))
                .isEqualTo("The property set 'Audit' is not available in the exo-bridge simulator; use Minimum, Quota, Delivery or All.");
        assertThat(out("(Get-EXOMailbox -RecipientTypeDetails RoomMailbox -ResultSize Unlimited).RecipientTypeDetails | Sort-Object -Unique"))
                .extracting(JsonNode::asText).containsExactly("RoomMailbox");
        JsonNode stats = out("param($I) Get-EXOMailboxStatistics -Identity $I", "I", alias).get(0);
        assertThat(stats.path("DisplayName").asText()).isEqualTo(one.path("DisplayName").asText());
        assertThat(stats.path("TotalItemSize").asText()).matches("[\\d.]+ [KMG]?B \\([\\d,]+ bytes\\)");
        assertThat(out("param($I) Get-EXOMailbox -Identity $I | Get-EXOMailboxStatistics | ForEach-Object ItemCount", "I", alias)).hasSize(1);
        JsonNode recipient = out("param($I) Get-EXORecipient -Identity $I", "I", alias).get(0);
        assertThat(recipient.path("RecipientType").asText()).isEqualTo("UserMailbox");
        assertThat(out("(Get-EXORecipient -ResultSize 5 -WarningAction SilentlyContinue | Measure-Object).Count").get(0).asInt()).isEqualTo(5);
    }

    @Test
    void filterSubset() {
        assertThat(out("(Get-EXOMailbox -Filter \"RecipientTypeDetails -eq 'SharedMailbox'\" -ResultSize Unlimited).RecipientTypeDetails | Sort-Object -Unique"))
                .extracting(JsonNode::asText).containsExactly("SharedMailbox");
        int all = out("(Get-EXOMailbox -ResultSize Unlimited -Filter \"Alias -like 'A*' -or Alias -like 'B*'\" | Measure-Object).Count").get(0).asInt();
        int a = out("(Get-EXOMailbox -ResultSize Unlimited -Filter \"Alias -like 'A*'\" | Measure-Object).Count").get(0).asInt();
        int notA = out("(Get-EXOMailbox -ResultSize Unlimited -Filter \"-not (Alias -like 'A*')\" | Measure-Object).Count").get(0).asInt();
        assertThat(all).isGreaterThan(a);
        assertThat(a + notA).isEqualTo(1010);
        assertThat(out("(Get-EXOMailbox -ResultSize Unlimited -Filter \"Alias -notlike '*1' -and RecipientTypeDetails -ne 'UserMailbox'\").Alias"))
                .isNotEmpty().noneMatch(n -> n.asText().endsWith("1"));
        assertThat(out("(Get-EXOMailbox -ResultSize Unlimited -Filter \"ProhibitSendQuota -gt 1000 -and ProhibitSendQuota -lt 107374182400\" | Measure-Object).Count").get(0).asInt())
                .isEqualTo(1010);
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -ge 'A'\""))
                .isEqualTo("Invalid filter 'Alias -ge 'A'': the operator '-ge' is not supported (the simulator's OPATH subset: -eq -ne -lt -gt -like -notlike -and -or -not).");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -like 'A*B*C'\""))
                .isEqualTo("Invalid filter 'Alias -like 'A*B*C'': wildcards are supported only at the start and end of a value ('A*B*C').");
        assertThat(failure("Get-EXOMailbox -Filter \"Colour -eq 'red'\""))
                .isEqualTo("Invalid filter 'Colour -eq 'red'': 'Colour' is not a filterable property in the exo-bridge simulator.");
        assertThat(failure("Get-EXOMailbox -Filter \"(Alias -eq 'x'\"")).isEqualTo("Invalid filter '(Alias -eq 'x'': a '(' is not closed.");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -eq 'x\"")).isEqualTo("Invalid filter 'Alias -eq 'x': a quoted value is not closed.");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -eq\"")).isEqualTo("Invalid filter 'Alias -eq': a value must follow '-eq'.");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias\"")).isEqualTo("Invalid filter 'Alias': an operator must follow 'Alias'.");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -eq 'x' junk\"")).isEqualTo("Invalid filter 'Alias -eq 'x' junk': unexpected 'junk'.");
    }

    @Test
    void setMailboxPersistsAndReadsBack() {
        String alias = out("(Get-EXOMailbox -ResultSize 10 -WarningAction SilentlyContinue)[5].Alias").get(0).asText();
        StringBuilder set = new StringBuilder("param($I) Set-Mailbox -Identity $I -DisplayName 'Renamed Person' -ProhibitSendQuota 50GB "
                + "-IssueWarningQuota 49.5GB -ProhibitSendReceiveQuota Unlimited -MaxSendSize 20MB -LitigationHoldEnabled $true");
        for (int i = 1; i <= 15; i++) {
            set.append(" -CustomAttribute").append(i).append(" 'value ").append(i).append("'");
        }
        InvocationResult r = run(set.toString(), "I", alias);
        assertThat(r.output()).isEmpty();
        assertThat(r.records(StreamKind.WARNING)).isEmpty();
        StringBuilder props = new StringBuilder("DisplayName,ProhibitSendQuota,IssueWarningQuota,ProhibitSendReceiveQuota,MaxSendSize,LitigationHoldEnabled");
        for (int i = 1; i <= 15; i++) {
            props.append(",CustomAttribute").append(i);
        }
        String read = "param($I, $P) Get-EXOMailbox -Identity $I -Properties ($P -split ',')";
        JsonNode m = out(read, "I", alias, "P", props.toString()).get(0);
        assertThat(m.path("DisplayName").asText()).isEqualTo("Renamed Person");
        assertThat(m.path("ProhibitSendQuota").asText()).isEqualTo("50 GB (53,687,091,200 bytes)");
        assertThat(m.path("IssueWarningQuota").asText()).isEqualTo("49.5 GB (53,150,220,288 bytes)");
        assertThat(m.path("ProhibitSendReceiveQuota").asText()).isEqualTo("Unlimited");
        assertThat(m.path("MaxSendSize").asText()).isEqualTo("20 MB (20,971,520 bytes)");
        assertThat(m.path("LitigationHoldEnabled").asBoolean()).isTrue();
        for (int i = 1; i <= 15; i++) {
            assertThat(m.path("CustomAttribute" + i).asText()).isEqualTo("value " + i);
        }
        // Another process sees it.
        try (PwshSession other = fx.session(state)) {
            connect(other);
            JsonNode seen = other.invoke(Invocation.script(read).param("I", alias).param("P", "DisplayName,CustomAttribute15").build()).output().get(0).json();
            assertThat(seen.path("DisplayName").asText()).isEqualTo("Renamed Person");
            assertThat(seen.path("CustomAttribute15").asText()).isEqualTo("value 15");
        }
        InvocationResult same = run("param($I) Set-Mailbox -Identity $I -DisplayName 'Renamed Person'", "I", alias);
        assertThat(same.records(StreamKind.WARNING)).extracting(StreamRecord::message)
                .containsExactly("The command completed successfully but no settings of '" + alias + "' have been modified.");
        assertThat(failure("Set-Mailbox -Identity nobody -DisplayName x"))
                .isEqualTo("The operation couldn't be performed because object 'nobody' couldn't be found on 'contoso.onmicrosoft.com'.");
        assertThat(failure("param($I) Set-Mailbox -Identity $I -ProhibitSendQuota 'lots'", "I", alias))
                .isEqualTo("Cannot process argument transformation on parameter 'ProhibitSendQuota'. 'lots' is not a size: use a number with B, KB, MB, GB or TB (for example 50GB), or Unlimited.");
        assertThat(failure("param($I) Set-Mailbox -Identity $I -ProhibitSendQuota 3TB", "I", alias))
                .isEqualTo("Cannot process argument transformation on parameter 'ProhibitSendQuota'. '3TB' is larger than 1.999999999 TB.");
        assertThat(out("param($I) Set-Mailbox -Identity $I -DisplayName 'Not Really' -WhatIf; (Get-EXOMailbox -Identity $I).DisplayName", "I", alias))
                .extracting(JsonNode::asText).containsExactly("Renamed Person");
    }

    @Test
    void hostileValuesRoundTripVerbatim() {
        String alias = out("(Get-EXOMailbox -ResultSize 10 -WarningAction SilentlyContinue)[7].Alias").get(0).asText();
        String hostile = "O'Brien \"the\" $(Remove-Item -Recurse /) `n ${env:HOME} ; line2\nline3\r\n\ttab \u00e9\u4e2d";
        run("param($I, $V) Set-Mailbox -Identity $I -DisplayName $V -CustomAttribute7 $V", "I", alias, "V", hostile);
        JsonNode m = out("param($I) Get-EXOMailbox -Identity $I -Properties CustomAttribute7", "I", alias).get(0);
        assertThat(m.path("DisplayName").asText()).isEqualTo(hostile);
        assertThat(m.path("CustomAttribute7").asText()).isEqualTo(hostile);
        String dateLike = "2024-01-02T03:04:05Z";
        run("param($I, $V) Set-Mailbox -Identity $I -CustomAttribute8 $V", "I", alias, "V", dateLike);
        assertThat(out("param($I) (Get-EXOMailbox -Identity $I -Properties CustomAttribute8).CustomAttribute8", "I", alias).get(0).asText()).isEqualTo(dateLike);
    }

    @Test
    void emailAddressesAddRemoveAndFindByNewAddress() {
        String alias = out("(Get-EXOMailbox -ResultSize 10 -WarningAction SilentlyContinue)[2].Alias").get(0).asText();
        run("param($I) Set-Mailbox -Identity $I -EmailAddresses @{Add = 'extra@contoso.onmicrosoft.com'}", "I", alias);
        assertThat(out("(Get-EXOMailbox -Identity extra@contoso.onmicrosoft.com).Alias")).extracting(JsonNode::asText).containsExactly(alias);
        run("param($I) Set-Mailbox -Identity $I -EmailAddresses @{Add = 'SMTP:boss@contoso.onmicrosoft.com'}", "I", alias);
        JsonNode m = out("param($I) Get-EXOMailbox -Identity $I", "I", alias).get(0);
        assertThat(m.path("PrimarySmtpAddress").asText()).isEqualTo("boss@contoso.onmicrosoft.com");
        List<String> addresses = new ArrayList<>();
        m.path("EmailAddresses").forEach(n -> addresses.add(n.asText()));
        assertThat(addresses).contains("smtp:extra@contoso.onmicrosoft.com", "SMTP:boss@contoso.onmicrosoft.com", "smtp:" + alias + "@contoso.onmicrosoft.com");
        run("param($I) Set-Mailbox -Identity $I -EmailAddresses @{Remove = 'extra@contoso.onmicrosoft.com'}", "I", alias);
        assertThat(failure("Get-EXOMailbox -Identity extra@contoso.onmicrosoft.com")).contains("couldn't be found");
        assertThat(failure("param($I) Set-Mailbox -Identity $I -EmailAddresses @{Replace = 'x@y'}", "I", alias))
                .isEqualTo("EmailAddresses takes a list or @{Add=...; Remove=...}, not the key 'Replace'.");
    }

    @Test
    void permissionsAndClassicGets() {
        List<JsonNode> two = out("Get-EXOMailbox -ResultSize 2 -WarningAction SilentlyContinue");
        String owner = two.get(0).path("Alias").asText();
        String delegate = two.get(1).path("Alias").asText();
        JsonNode added = out("param($I, $U) Add-MailboxPermission -Identity $I -User $U -AccessRights FullAccess", "I", owner, "U", delegate).get(0);
        assertThat(added.path("User").asText()).isEqualTo(delegate + "@contoso.onmicrosoft.com");
        List<JsonNode> perms = out("param($I) Get-MailboxPermission -Identity $I", "I", owner);
        assertThat(perms).extracting(n -> n.path("User").asText()).contains("NT AUTHORITY\\SELF", delegate + "@contoso.onmicrosoft.com");
        assertThat(out("param($I, $U) Get-MailboxPermission -Identity $I -User $U", "I", owner, "U", delegate + "@contoso.onmicrosoft.com")).hasSize(1);
        assertThat(failure("param($I) Add-MailboxPermission -Identity $I -User nobody -AccessRights FullAccess", "I", owner))
                .isEqualTo("The operation couldn't be performed because object 'nobody' couldn't be found on 'contoso.onmicrosoft.com'.");
        assertThat(failure("param($I) Add-MailboxPermission -Identity $I -User x -AccessRights Everything", "I", owner))
                .startsWith("Cannot validate argument on parameter 'AccessRights'.");
        JsonNode full = out("param($I) Get-Mailbox -Identity $I", "I", owner).get(0);
        assertThat(full.has("ProhibitSendQuota") && full.has("CustomAttribute1") && full.has("WhenCreated")).isTrue();
        assertThat(out("(Get-Recipient -ResultSize 4 -WarningAction SilentlyContinue | Measure-Object).Count").get(0).asInt()).isEqualTo(4);
        assertThat(out("(Get-Mailbox -Anr " + owner + ").Alias")).extracting(JsonNode::asText).containsExactly(owner);
    }

    @Test
    void fourProcessesWritingAtOnceLoseNoUpdate() throws Exception {
        String alias = out("(Get-EXOMailbox -ResultSize 20 -WarningAction SilentlyContinue)[12].Alias").get(0).asText();
        int processes = 4;
        int each = 8;
        List<PwshSession> sessions = new ArrayList<>();
        try {
            List<CompletableFuture<PwshSession>> starting = IntStream.range(0, processes)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        PwshSession p = fx.session(state);
                        connect(p);
                        return p;
                    })).toList();
            for (CompletableFuture<PwshSession> f : starting) {
                sessions.add(f.get(120, TimeUnit.SECONDS));
            }
            List<CompletableFuture<InvocationResult>> writes = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                int n = i;
                PwshSession p = sessions.get(i);
                writes.add(CompletableFuture.supplyAsync(() -> p.invoke(Invocation.script(
                        "param($I, $N, $Each) for ($k = 1; $k -le $Each; $k++) { "
                                + "Set-Mailbox -Identity $I -EmailAddresses @{Add = \"p$N-$k@contoso.onmicrosoft.com\"}; "
                                + "$p = @{ Identity = $I; ('CustomAttribute' + ($N + 1)) = \"written by $N, $k\" }; Set-Mailbox @p }")
                        .param("I", alias).param("N", n).param("Each", each).timeout(Duration.ofSeconds(120)).build())));
            }
            for (CompletableFuture<InvocationResult> w : writes) {
                assertThat(w.get(180, TimeUnit.SECONDS).errors()).isEmpty();
            }
        } finally {
            sessions.forEach(PwshSession::close);
        }
        JsonNode m = out("param($I) Get-EXOMailbox -Identity $I -Properties CustomAttribute1,CustomAttribute2,CustomAttribute3,CustomAttribute4", "I", alias).get(0);
        List<String> addresses = new ArrayList<>();
        m.path("EmailAddresses").forEach(n -> addresses.add(n.asText()));
        for (int n = 0; n < processes; n++) {
            for (int k = 1; k <= each; k++) {
                assertThat(addresses).contains("smtp:p" + n + "-" + k + "@contoso.onmicrosoft.com");
            }
            assertThat(m.path("CustomAttribute" + (n + 1)).asText()).isEqualTo("written by " + n + ", " + each);
        }
    }

    @Test
    void concurrencyLimitCountsLiveProcessesOnly() throws Exception {
        Path small = home.resolve("small.json");
        fx.simulator().init(small, TenantSpec.builder("contoso").mailboxes(2).app(SimulatorFixture.APP_ID, home.resolve("app.cer")).maxConcurrency(1).build());
        PwshSession first = fx.session(small);
        try (PwshSession second = fx.session(small)) {
            connect(first);
            try {
                connect(second);
                throw new AssertionError("a second process connected past the limit of 1");
            } catch (PowerShellErrorException e) {
                assertThat(e.error().message()).isEqualTo("You have reached the maximum number of concurrent requests per tenant. Please wait and try again");
            }
            assertThat(Files.readString(Path.of(small + ".connections"))).contains("\"pid\":" + first.pid());
            first.kill();
            first.processHandle().onExit().get(30, TimeUnit.SECONDS);
            connect(second);
            assertThat(second.invoke(Invocation.script("(Get-ExoSimulatorInfo).Connections").build()).output().get(0).json().asInt()).isEqualTo(1);
        } finally {
            first.close();
        }
    }

    @Test
    void theLockExcludesOtherProcessesAndSaysWhoWaited() {
        String alias = out("(Get-EXOMailbox -ResultSize 1).Alias").get(0).asText();
        try (PwshSession holder = fx.session(state);
             PwshSession waiter = PwshSession.start(SimulatorModule.configure(fx.options(), state, fx.env)
                     .environment("EXO_SIMULATOR_LOCK_TIMEOUT", "1").build())) {
            connect(waiter);
            holder.invoke(Invocation.script("param($L) $global:held = [IO.File]::Open($L, 'OpenOrCreate', 'ReadWrite', 'None')")
                    .param("L", state + ".lock").build());
            try {
                waiter.invoke(Invocation.script("param($I) Set-Mailbox -Identity $I -CustomAttribute9 locked").param("I", alias).build());
                throw new AssertionError("wrote while another process held the lock");
            } catch (PowerShellErrorException e) {
                assertThat(e.error().message()).isEqualTo("The simulator state '" + state + "' stayed locked for 1 s (lock file '"
                        + state + ".lock'): another process holds it.");
            }
            holder.invoke("$global:held.Dispose()");
            waiter.invoke(Invocation.script("param($I) Set-Mailbox -Identity $I -CustomAttribute9 unlocked").param("I", alias).build());
        }
        assertThat(out("param($I) (Get-EXOMailbox -Identity $I -Properties CustomAttribute9).CustomAttribute9", "I", alias).get(0).asText())
                .isEqualTo("unlocked");
    }

    @Test
    void everyOtherTextIsClear() {
        assertThat(failure("Connect-ExchangeOnline -AccessToken 'a.b.c' -Organization contoso.onmicrosoft.com"))
                .isEqualTo("UnAuthorized: the access token is not a well-formed JWT (its payload is not base64url JSON).");
        assertThat(failure("param($Pfx, $Pw) Connect-ExchangeOnline -CertificateFilePath $Pfx -CertificatePassword (ConvertTo-SecureString $Pw -AsPlainText -Force) -Organization contoso.onmicrosoft.com",
                "Pfx", home.resolve("app.pfx").toString(), "Pw", SimulatorFixture.PFX_PASSWORD))
                .isEqualTo("The AppId parameter is required with certificate authentication.");
        assertThat(failure("Get-EXOMailbox -Filter \"-eq 'x'\"")).isEqualTo("Invalid filter '-eq 'x'': expected a property name, not '-eq'.");
        assertThat(failure("Get-EXOMailbox -Filter ' '")).isEqualTo("Invalid filter ' ': it is empty.");
        assertThat(failure("Get-EXOMailbox -Filter \"Alias -eq 'x' -and\"")).isEqualTo("Invalid filter 'Alias -eq 'x' -and': it ends too soon.");
        String tenant = "param($S, $C, $U, $P) New-ExoSimulatorTenant -State $S -Organization c -Force ";
        Path s2 = home.resolve("texts.json");
        assertThat(failure(tenant + "-App @{ AppId = '" + SimulatorFixture.APP_ID + "'; CertificatePath = $C }", "S", s2.toString(), "C", home.resolve("none.cer").toString()))
                .isEqualTo("The certificate file '" + home.resolve("none.cer") + "' does not exist.");
        run("param($Pfx, $Pw, $Out) [IO.File]::WriteAllBytes($Out, [Security.Cryptography.X509Certificates.X509Certificate2]::new($Pfx, $Pw, 'Exportable').Export('Pfx'))",
                "Pfx", home.resolve("app.pfx").toString(), "Pw", SimulatorFixture.PFX_PASSWORD, "Out", home.resolve("open.pfx").toString());
        assertThat(failure(tenant + "-App @{ AppId = '" + SimulatorFixture.APP_ID + "'; CertificatePath = $C }", "S", s2.toString(), "C", home.resolve("open.pfx").toString()))
                .isEqualTo("The file '" + home.resolve("open.pfx") + "' holds a private key: give the app only the public certificate (.cer or .pem).");
        Path empty = fx.write("empty.txt", "");
        assertThat(failure(tenant + "-User @{ UserPrincipalName = $U; PasswordFile = $P }", "S", s2.toString(), "U", "no-at-sign", "P", empty.toString()))
                .isEqualTo("The user 'no-at-sign' is not a user principal name (name@domain).");
        assertThat(failure(tenant + "-User @{ UserPrincipalName = $U; PasswordFile = $P }", "S", s2.toString(), "U", "a@c.onmicrosoft.com", "P", empty.toString()))
                .isEqualTo("The password file '" + empty + "' for 'a@c.onmicrosoft.com' is empty.");
        assertThat(failure(tenant + "-TokenLifetime 0", "S", s2.toString())).isEqualTo("The token lifetime must be positive, not 00:00:00.");
        assertThat(failure("Set-ExoSimulatorBehavior -TokenLifetime 0")).isEqualTo("The token lifetime must be positive, not 00:00:00.");
        assertThat(Files.exists(s2)).isFalse();
    }

    @Test
    void stateErrorsAreClear() {
        assertThat(failure("param($X, $Y) $env:EXO_SIMULATOR_STATE = $X; try { Connect-ExchangeOnline -ManagedIdentity } finally { $env:EXO_SIMULATOR_STATE = $Y }",
                "X", home.resolve("missing.json").toString(), "Y", state.toString()))
                .isEqualTo("The simulator state file '" + home.resolve("missing.json") + "' does not exist. Create the tenant with: exo-bridge simulator init --state '"
                        + home.resolve("missing.json") + "' --organization ORG");
        Path junk = fx.write("junk.json", "{ not json");
        assertThat(failure("param($X) Get-ExoSimulatorInfo -State $X", "X", junk.toString())).startsWith("The simulator state file '" + junk + "' is not valid JSON: ");
        Path other = fx.write("other.json", "{\"format\": \"something-else\"}");
        assertThat(failure("param($X) Get-ExoSimulatorInfo -State $X", "X", other.toString()))
                .isEqualTo("The file '" + other + "' is not an exo-bridge simulator state (format 'exo-bridge-simulator-state/1').");
        assertThat(failure("param($X) $old = $env:EXO_SIMULATOR_STATE; $env:EXO_SIMULATOR_STATE = ''; try { New-ExoSimulatorAccessToken } finally { $env:EXO_SIMULATOR_STATE = $old }"))
                .startsWith("No simulator state is named: set $env:EXO_SIMULATOR_STATE (or pass -State)");
    }
}
