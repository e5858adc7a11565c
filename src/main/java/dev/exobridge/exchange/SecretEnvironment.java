package dev.exobridge.exchange;

import dev.exobridge.pwsh.PwshLaunch;
import java.util.List;

/**
 * The environment variables through which exo-bridge's CLI takes secrets. They are removed from
 * the environment of every pwsh exo-bridge starts (by {@code PwshLaunch}), so no child process holds a secret.
 */
public final class SecretEnvironment {
    /** The certificate password. */
    public static final String CERTIFICATE_PASSWORD = "EXOBRIDGE_CERTIFICATE_PASSWORD";
    /** The access token. */
    public static final String ACCESS_TOKEN = "EXOBRIDGE_ACCESS_TOKEN";
    /** The user's password. */
    public static final String PASSWORD = "EXOBRIDGE_PASSWORD";

    /** Every secret variable and its {@code _FILE} variant; {@code PwshLaunch} removes them from every pwsh. */
    public static final List<String> NAMES = PwshLaunch.SECRET_ENVIRONMENT;

    private SecretEnvironment() {
    }
}
