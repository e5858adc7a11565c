package dev.exobridge.exchange;

import dev.exobridge.Secret;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Exchange Online connection of one pwsh session: checks and imports the module once,
 * connects, renews a token before it expires, reconnects and disconnects. Every secret a connect
 * sends is added to the session's {@link SecretScrubber}. {@link ExchangeSession} runs the calls.
 */
final class ExchangeConnection {
    // The session's logger: one category for everything an Exchange session does.
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSession.class);

    private final CallTarget target;
    private final ExchangeAuth auth;
    private final ExchangeOptions options;
    private final Path moduleFolder;
    private final SecretScrubber scrubber;
    private final AtomicLong reconnects = new AtomicLong();
    private ModuleInfo module;
    private volatile ConnectionInfo connection;

    ExchangeConnection(CallTarget target, ExchangeAuth auth, ExchangeOptions options, Path moduleFolder,
                       SecretScrubber scrubber) {
        this.target = target;
        this.auth = auth;
        this.options = options;
        this.moduleFolder = moduleFolder;
        this.scrubber = scrubber;
    }

    void connect() {
        if (module == null) {
            module = checkModule();
            importModule();
        }
        ConnectCall call = ConnectCall.of(auth, options, moduleFolder, module.hasModuleBasePath(),
                ExchangeSession.isWindows());
        scrubber.add(call.accessToken());
        scrubber.add(call.certificatePassword());
        scrubber.add(call.password());
        if (call.parameters().get("CertificatePassword") instanceof Secret s) {
            scrubber.add(s);
        }
        LOG.debug("connecting {} ({}) in {}", auth, auth.mode(), target);
        InvocationResult r;
        try {
            r = target.invoke(call.invocation(options.connectTimeout(), connectListener()));
        } catch (PowerShellErrorException e) {
            throw scrubber.scrubbed(ExchangeFailures.connectFailure(e));
        }
        if (r.hadErrors()) {
            PowerShellError first = r.errors().get(0);
            ExchangeException typed = ExchangeFailures.ofError(first, null);
            if (typed instanceof ExchangeRetryableException) {
                throw scrubber.scrubbed(typed);
            }
            throw scrubber.scrubbed(new ExchangeAuthenticationException("connecting to Exchange Online failed: "
                    + first.message(), null));
        }
        if (r.output().isEmpty()) {
            throw new ExchangeAuthenticationException("Connect-ExchangeOnline returned but Get-ConnectionInformation "
                    + "shows no connection", null);
        }
        connection = ConnectionInfo.of(r.output().get(r.output().size() - 1).json());
        LOG.debug("connected: {} (token expires {})", connection.connectionId(), connection.tokenExpiry());
    }

    private StreamListener connectListener() {
        return new StreamListener() {
            @Override
            public void onRecord(StreamRecord record) {
                if (record.kind() == StreamKind.INFORMATION && auth instanceof ExchangeAuth.DeviceCode d) {
                    d.messages().accept(record.message());
                } else if (record.kind() == StreamKind.WARNING) {
                    LOG.debug("while connecting: WARNING {}", scrubber.scrub(record.message()));
                }
            }
        };
    }

    private ModuleInfo checkModule() {
        InvocationResult r = target.invoke(Invocation.script(PsScripts.text("exchange/module-check.ps1")).build());
        ModuleInfo m = ModuleInfo.of(r.output().get(0).json());
        m.check(options.allowSimulator());
        LOG.debug("module {} at {} (simulator: {}) in pwsh {}", m.version(), m.manifest(), m.simulator(), m.pwsh());
        return m;
    }

    private void importModule() {
        try {
            target.invoke(Invocation.command("Import-Module").param("Name", module.manifest())
                    .param("ErrorAction", "Stop").build());
        } catch (PowerShellErrorException e) {
            throw new ExchangeModuleException("importing ExchangeOnlineManagement " + module.version() + " from "
                    + module.manifest() + " failed: " + e.error().message(), e);
        }
    }

    /** Connects again (with a fresh token from the provider in access-token mode). */
    void reconnect() {
        reconnects.incrementAndGet();
        LOG.debug("reconnecting {} ({})", auth, connection == null ? "not connected" : connection.connectionId());
        disconnectQuietly();
        connect();
    }

    /** Reads the connection again with {@code Get-ConnectionInformation}; {@code null} when there is none. */
    ConnectionInfo refresh() {
        InvocationResult r = target.invoke(Invocation.command("Get-ConnectionInformation").build());
        connection = r.output().isEmpty() ? null : ConnectionInfo.of(r.output().get(r.output().size() - 1).json());
        return connection;
    }

    /** Renews the connection when its token expires within the margin (or it is gone). */
    void renewIfExpiring() {
        ConnectionInfo c = connection;
        Instant now = Instant.now();
        if (c != null && !c.expiresWithin(options.renewalMargin(), now)) {
            return;
        }
        // The module renews certificate and managed-identity tokens itself: look before reconnecting.
        c = refresh();
        if (c == null || c.expiresWithin(options.renewalMargin(), now)) {
            LOG.debug("token {} expires within {}: renewing", c == null ? "(none)" : c.tokenExpiry(),
                    options.renewalMargin());
            reconnect();
        }
    }

    /** {@code Disconnect-ExchangeOnline -Confirm:$false}: the real cmdlet asks otherwise. */
    void disconnect() {
        if (connection == null || !target.isAlive()) {
            return;
        }
        target.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false)
                .param("ErrorAction", "Stop").build());
        connection = null;
    }

    private void disconnectQuietly() {
        try {
            if (target.isAlive()) {
                target.invoke(Invocation.command("Disconnect-ExchangeOnline").param("Confirm", false)
                        .param("ErrorAction", "SilentlyContinue").build());
            }
        } catch (RuntimeException e) {
            LOG.debug("disconnect before reconnecting failed: {}", scrubber.scrub(e.getMessage()));
        }
        connection = null;
    }

    ConnectionInfo info() {
        return connection;
    }

    ModuleInfo module() {
        return module;
    }

    long reconnects() {
        return reconnects.get();
    }
}
