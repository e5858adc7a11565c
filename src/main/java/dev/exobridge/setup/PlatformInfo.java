package dev.exobridge.setup;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a session's pwsh says about itself and its machine.
 *
 * @param psVersion             {@code $PSVersionTable.PSVersion}
 * @param psEdition             {@code Core} (PowerShell 7) or {@code Desktop} (Windows PowerShell)
 * @param windows               {@code $IsWindows}
 * @param os                    {@code $PSVersionTable.OS}
 * @param psResourceGet         the PSResourceGet version available, or {@code null}
 * @param powerShellGet         the PowerShellGet version available, or {@code null}
 * @param modulePathCurrentUser where CurrentUser modules go
 * @param modulePathAllUsers    where AllUsers modules go
 */
public record PlatformInfo(String psVersion, String psEdition, @JsonProperty("IsWindows") boolean windows, String os, String psResourceGet,
                           String powerShellGet, String modulePathCurrentUser, String modulePathAllUsers) {
}
