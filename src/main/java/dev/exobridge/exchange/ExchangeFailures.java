package dev.exobridge.exchange;

import dev.exobridge.session.PowerShellError;
import dev.exobridge.session.PowerShellErrorException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies what the module reports into typed failures, by its texts (the real module's, from
 * its documentation and public reports, and the simulator's, docs/simulator.md): the module
 * rethrows inner exceptions, so types say little and texts decide.
 */
final class ExchangeFailures {
    /** The throttling warning, counted and passed on as a warning event. */
    static final Pattern THROTTLING_WARNING = Pattern.compile("^(?:WARNING: )?Micro delay applied", Pattern.CASE_INSENSITIVE);

    private static final List<String> NOT_CONNECTED = List.of(
            "you must call connect-exchangeonline before calling any other cmdlet");
    private static final List<String> THROTTLED = List.of(
            "maximum number of concurrent requests per tenant",
            "exceeded the maximum number of connections allowed",
            "too many requests",
            "httpstatuscode=429");
    private static final List<String> TRANSIENT = List.of(
            "a server side error has occurred because of which the operation could not be completed",
            "we cannot currently process your request, please wait a few minutes and try again",
            "httpstatuscode=503", "httpstatuscode=504", "httpstatuscode=408",
            "the operation has timed out");
    private static final List<String> AUTHORIZATION = List.of(
            "aadsts", "unauthorized", "httpstatuscode=401", "access token has expired", "token is expired",
            "the token has expired", "token expired", "invalid token", "access is denied");
    private static final Pattern RETRY_AFTER = Pattern.compile(
            "(?i)(?:retry[- ]after|try again (?:in|after))[:= ]*(\\d+)\\s*(ms|msecs|milliseconds|s|sec|secs|seconds|m|min|minutes)?");
    private static final Pattern NOT_RECOGNIZED = Pattern.compile(
            "The term '([A-Za-z]+-[A-Za-z0-9]+)' is not recognized");

    private ExchangeFailures() {
    }

    /**
     * What a failed {@code Connect-ExchangeOnline} means: throttled or transient when its text
     * says so, else a failed sign-in.
     */
    static ExchangeException connectFailure(PowerShellErrorException e) {
        String text = text(e.error());
        ExchangeException retryable = retryable(text, e);
        if (retryable != null) {
            return retryable;
        }
        return new ExchangeAuthenticationException("connecting to Exchange Online failed: " + e.error().message(), e);
    }

    /**
     * A typed failure for a terminating error of a call, or {@code null} when it is an ordinary
     * PowerShell error the caller handles.
     */
    static ExchangeException callFailure(PowerShellErrorException e) {
        return ofError(e.error(), e);
    }

    /** As {@link #callFailure}, for an error record. */
    static ExchangeException ofError(PowerShellError error, Throwable cause) {
        String text = text(error);
        String lower = text.toLowerCase(Locale.ROOT);
        if (NOT_CONNECTED.stream().anyMatch(lower::contains)) {
            return new ExchangeNotConnectedException("not connected to Exchange Online: " + error.message(), cause);
        }
        Matcher m = NOT_RECOGNIZED.matcher(text);
        if (m.find() && CLASSIC_VERBS.matcher(m.group(1)).find()) {
            return new ExchangeNotConnectedException("not connected to Exchange Online (" + m.group(1) + " exists only "
                    + "after Connect-ExchangeOnline, or is not in its -CommandName list): " + error.message(), cause);
        }
        ExchangeException r = retryable(text, cause);
        if (r != null) {
            return r;
        }
        if (AUTHORIZATION.stream().anyMatch(lower::contains)) {
            return new ExchangeAuthenticationException("Exchange Online refused the call's authorization: "
                    + error.message(), cause);
        }
        return null;
    }

    // Nouns of the classic cmdlets the temporary module adds; a missing Get-Foo of another kind is the caller's typo.
    private static final Pattern CLASSIC_VERBS = Pattern.compile(
            "^(Get|Set|New|Remove|Add|Enable|Disable|Update|Search|Start|Stop|Test)-(Mailbox|Recipient|"
                    + "DistributionGroup|UnifiedGroup|MailUser|MailContact|User|Group|TransportRule|OrganizationConfig|"
                    + "AcceptedDomain|InboundConnector|OutboundConnector|MessageTrace|MobileDevice|CASMailbox|"
                    + "RetentionPolicy|Contact|Dynamic|Exo|Quarantine|Hosted|Role|Management|Mail|Calendar|Inbox|"
                    + "UnifiedAuditLog|Audit)", Pattern.CASE_INSENSITIVE);

    private static ExchangeException retryable(String text, Throwable cause) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (THROTTLED.stream().anyMatch(lower::contains)) {
            return new ExchangeThrottledException("Exchange Online throttled the call: " + firstLine(text),
                    retryAfter(text), cause);
        }
        if (TRANSIENT.stream().anyMatch(lower::contains)) {
            return new ExchangeTransientException("Exchange Online had a transient fault: " + firstLine(text),
                    retryAfter(text), cause);
        }
        return null;
    }

    /** Whether a warning is the throttling warning. */
    static boolean isThrottlingWarning(String message) {
        return message != null && THROTTLING_WARNING.matcher(message.strip()).find();
    }

    /** The delay a message names ("Retry-After: 5", "try again in 10 seconds"), or {@code null}. */
    static Duration retryAfter(String text) {
        Matcher m = RETRY_AFTER.matcher(text);
        if (!m.find()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        if (unit.startsWith("m") && !unit.startsWith("ms") && !unit.startsWith("msec") && !unit.startsWith("milli")) {
            return Duration.ofMinutes(n);
        }
        if (unit.startsWith("ms") || unit.startsWith("milli")) {
            return Duration.ofMillis(n);
        }
        return Duration.ofSeconds(n);
    }

    private static String text(PowerShellError e) {
        StringBuilder sb = new StringBuilder();
        if (e.message() != null) {
            sb.append(e.message());
        }
        if (e.exceptionMessage() != null && !e.exceptionMessage().equals(e.message())) {
            sb.append('\n').append(e.exceptionMessage());
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
