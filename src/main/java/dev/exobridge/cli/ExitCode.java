package dev.exobridge.cli;

import dev.exobridge.exchange.ExchangeAuthenticationException;
import dev.exobridge.exchange.ExchangeModuleException;
import dev.exobridge.exchange.ExchangeNotConnectedException;
import dev.exobridge.exchange.ExchangeRetryableException;
import dev.exobridge.exchange.InvalidAuthException;
import dev.exobridge.psrp.ProtocolException;
import dev.exobridge.pwsh.PwshPrerequisiteException;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.SessionDeadException;
import dev.exobridge.session.SessionStartException;
import dev.exobridge.setup.SetupException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Every exit code of the {@code exo-bridge} command, in one place: the one table. {@code --help}
 * lists them from here ({@link #helpList()}); the README's and docs/cli.md's tables are
 * {@link #markdownTable()}, which {@code ExitCodeTableTest} checks them against (a new code fails
 * that test, whose message holds the table to paste). {@link #of(Throwable)} is the one mapping
 * from a failure to its code.
 */
public enum ExitCode {
    /** 0: the command did what it was asked. */
    OK(0, "success"),
    /**
     * 1: PowerShell reported errors: a terminating error (for {@code run -c}, as for pwsh -Command,
     * also a last statement that failed; with {@code --fail-on-error}, any error record written).
     * A script's own {@code exit N} is passed through as N instead (see docs/cli.md).
     */
    POWERSHELL_ERROR(1, "PowerShell reported errors (a terminating error; run -c: the last statement failed; "
            + "--fail-on-error: any error record). A script's own exit N is passed through"),
    /** 2: the command line was wrong (unknown flag, bad value, missing argument). */
    USAGE(2, "usage error: a flag or value on the command line is wrong (the message says what to type)"),
    /**
     * 3: something exo-bridge needs is missing: pwsh (or too old), a module (or one this pwsh cannot
     * run), a failed required check.
     */
    PREREQUISITE_MISSING(3, "prerequisite missing: pwsh not found or too old, a module missing, not installable "
            + "or too new for this pwsh (#Requires -Modules too), a setup step failed, or a doctor check is not ok"),
    /** 4: the call did not finish within --timeout; wins over {@link #POWERSHELL_ERROR}. */
    TIMEOUT(4, "timeout: the call did not finish within --timeout (wins over 1)"),
    /**
     * 5: signing in to Exchange Online failed (wrong certificate or password, unknown app or tenant,
     * rejected token), or a call found no connection. Retrying the same will not help.
     */
    AUTH_FAILED(5, "authentication failed (or not connected to Exchange Online); retrying will not help"),
    /** 6: pwsh died, could not start, or broke the protocol. */
    PWSH_DIED(6, "pwsh died, could not start, or the protocol broke"),
    /** 70: a bug in exo-bridge (an unexpected exception); rerun with --verbose and report it. */
    INTERNAL(70, "internal error in exo-bridge (rerun with --verbose and report it)"),
    /**
     * 75: Exchange Online throttled the call or had a transient fault, also after exo-bridge's own
     * retries; a scheduler may run the job again later (75 is sysexits' EX_TEMPFAIL).
     */
    RETRY_LATER(75, "Exchange Online throttled the call or had a transient fault: try again later"),
    /** 130: {@code run} was interrupted (SIGINT, Ctrl-C): the call was stopped, its output closed. */
    INTERRUPTED(130, "interrupted (SIGINT): the call was stopped and the output closed"),
    /** 143: {@code run} was terminated (SIGTERM): the call was stopped, its output closed. */
    TERMINATED(143, "terminated (SIGTERM): the call was stopped and the output closed");

    /** What pwsh's {@code #Requires -Modules} raises for a module that is not installed. */
    private static final String MISSING_MODULES_ERROR_ID = "ScriptRequiresMissingModules";

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The process exit code. */
    public int code() {
        return code;
    }

    /** One line saying what the code means, as {@code --help} shows it. */
    public String description() {
        return description;
    }

    /**
     * The exit code for a failure. Walks the cause chain, so a wrapped failure maps like the
     * original. Unknown failures are {@link #INTERNAL}.
     */
    public static ExitCode of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ExitCode code = direct(t);
            if (code != null) {
                return code;
            }
        }
        return INTERNAL;
    }

    private static ExitCode direct(Throwable t) {
        if (t instanceof CommandLine.ParameterException || t instanceof UsageException
                || t instanceof InvalidAuthException) {
            return USAGE;
        }
        if (t instanceof ExitCodeException e) {
            return e.exitCode();
        }
        if (t instanceof InvocationTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof PowerShellErrorException p && p.error().fullyQualifiedErrorId() != null
                && p.error().fullyQualifiedErrorId().startsWith(MISSING_MODULES_ERROR_ID)) {
            return PREREQUISITE_MISSING;
        }
        if (t instanceof PowerShellErrorException || t instanceof HostPromptException) {
            return POWERSHELL_ERROR;
        }
        if (t instanceof ExchangeAuthenticationException || t instanceof ExchangeNotConnectedException) {
            return AUTH_FAILED;
        }
        if (t instanceof ExchangeRetryableException) {
            return RETRY_LATER;
        }
        if (t instanceof PwshPrerequisiteException || t instanceof SetupException || t instanceof ExchangeModuleException) {
            return PREREQUISITE_MISSING;
        }
        if (t instanceof SessionDeadException || t instanceof SessionStartException || t instanceof ProtocolException) {
            return PWSH_DIED;
        }
        return null;
    }

    /** The table of every code, in Markdown, as the README and docs/cli.md hold it. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| code | meaning |\n| --- | --- |\n");
        for (ExitCode c : values()) {
            sb.append("| ").append(c.code).append(" | ").append(c.description).append(" |\n");
        }
        return sb.toString();
    }

    /** Code to description, in code order, for picocli's exit-code section of {@code --help}. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(String.format("%3d", c.code), c.description);
        }
        return list;
    }
}
