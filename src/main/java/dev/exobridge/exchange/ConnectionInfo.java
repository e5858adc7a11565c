package dev.exobridge.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One connection as {@code Get-ConnectionInformation} describes it.
 *
 * @param connectionId      the connection's id (a GUID's text)
 * @param state             e.g. {@code Connected}
 * @param organization      the tenant's domain (certificate and managed-identity sign-ins; may be empty for users)
 * @param tenantId          the tenant id (a GUID's text), or {@code null}
 * @param appId             the app id (app sign-ins), or {@code null}
 * @param userPrincipalName the signed-in user, or {@code null}
 * @param tokenExpiry       when the token expires, or {@code null} when unknown
 * @param tokenStatus       e.g. {@code Active} or {@code Expired}
 * @param moduleName        the temporary module's path
 */
public record ConnectionInfo(String connectionId, String state, String organization, String tenantId, String appId,
                             String userPrincipalName, Instant tokenExpiry, String tokenStatus, String moduleName) {

    /** From the JSON of a {@code ConnectionInformation} object. */
    public static ConnectionInfo of(JsonNode o) {
        return new ConnectionInfo(text(o, "ConnectionId"), text(o, "State"), text(o, "Organization"),
                text(o, "TenantID"), text(o, "AppId"), text(o, "UserPrincipalName"), instant(text(o, "TokenExpiryTimeUTC")),
                text(o, "TokenStatus"), text(o, "ModuleName"));
    }

    /** Whether the token expires within {@code margin} of {@code now} (or already did). */
    public boolean expiresWithin(Duration margin, Instant now) {
        return "Expired".equalsIgnoreCase(tokenStatus)
                || tokenExpiry != null && !tokenExpiry.isAfter(now.plus(margin));
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s.endsWith("Z") ? s : s + "Z");
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
