# Connects with parameters passed as data. Secrets arrive as SecureStrings (encrypted with the
# session key on the wire) and become what Connect-ExchangeOnline takes only here, just before it.
param([hashtable]$Parameters, [securestring]$AccessToken, [securestring]$CertificatePfx,
      [securestring]$CertificatePassword, [string]$User, [securestring]$Password)
$p = @{}
foreach ($k in $Parameters.Keys) { $p[$k] = $Parameters[$k] }
if ($null -ne $AccessToken) {
    # -AccessToken takes plain text: turned into it here, never sent as text.
    $p['AccessToken'] = [System.Net.NetworkCredential]::new('', $AccessToken).Password
}
if ($null -ne $CertificatePfx) {
    # Built in memory with an ephemeral key set: no key file is written.
    $bytes = [Convert]::FromBase64String([System.Net.NetworkCredential]::new('', $CertificatePfx).Password)
    $flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet
    try {
        if ($null -ne $CertificatePassword) {
            $p['Certificate'] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($bytes, $CertificatePassword, $flags)
        } else {
            $p['Certificate'] = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($bytes, [string]$null, $flags)
        }
    } catch {
        throw "Failed to load the certificate from its PFX bytes: $($_.Exception.InnerException.Message ?? $_.Exception.Message)"
    } finally {
        [Array]::Clear($bytes, 0, $bytes.Length)
    }
} elseif ($null -ne $CertificatePassword) {
    $p['CertificatePassword'] = $CertificatePassword
}
if ($User) {
    $p['Credential'] = [System.Management.Automation.PSCredential]::new($User, $Password)
}
$null = Connect-ExchangeOnline @p -ErrorAction Stop
$p = $null
Get-ConnectionInformation | Select-Object -Last 1
