# Sign-in checks per mode. Each returns what the connection records about who signed in, or
# throws the text a failed sign-in gives (Entra-style AADSTS texts where Entra would answer).

$script:ExchangeAudience = 'https://outlook.office365.com'

function ConvertTo-SimBase64Url([byte[]] $Bytes) { [Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
function ConvertFrom-SimBase64Url([string] $Text) {
    $t = $Text.Replace('-', '+').Replace('_', '/')
    switch ($t.Length % 4) { 2 { $t += '==' } 3 { $t += '=' } }
    [Convert]::FromBase64String($t)
}

function Get-SimTokenSignature {
    param([hashtable] $Tenant, [string] $SignedPart)
    $hmac = [Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($Tenant.signingKey))
    try { ConvertTo-SimBase64Url $hmac.ComputeHash([Text.Encoding]::ASCII.GetBytes($SignedPart)) } finally { $hmac.Dispose() }
}

function New-SimToken {
    param([hashtable] $Tenant, [hashtable] $Claims)
    $header = ConvertTo-SimBase64Url ([Text.Encoding]::UTF8.GetBytes('{"alg":"HS256","typ":"JWT","kid":"exo-bridge-simulator"}'))
    $payload = ConvertTo-SimBase64Url ([Text.Encoding]::UTF8.GetBytes(($Claims | ConvertTo-Json -Compress)))
    "$header.$payload." + (Get-SimTokenSignature $Tenant "$header.$payload")
}

function Test-SimOrganization {
    param([hashtable] $Tenant, [string] $Organization)
    if (-not $Organization) { return }
    if ($Organization -ine $Tenant.organization -and $Organization -ine $Tenant.tenantId) {
        throw "AADSTS90002: Tenant '$Organization' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
    }
}

function Find-SimApp {
    param([hashtable] $Tenant, [string] $AppId)
    foreach ($a in @($Tenant.apps)) { if ($a.appId -ieq $AppId) { return $a } }
    throw "AADSTS700016: Application with identifier '$AppId' was not found in the directory '$($Tenant.organization)'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."
}

function Test-SimAppCertificate {
    param([hashtable] $Tenant, [string] $AppId, [string] $Organization, $Certificate)
    if (-not $Organization) { throw 'The Organization parameter is required with app-only (certificate) authentication: give the tenant''s primary .onmicrosoft.com domain.' }
    Test-SimOrganization $Tenant $Organization
    if (-not $AppId) { throw 'The AppId parameter is required with certificate authentication.' }
    $app = Find-SimApp $Tenant $AppId
    if (-not $Certificate.HasPrivateKey) {
        throw "The certificate '$($Certificate.Subject)' ($($Certificate.Thumbprint)) has no private key, so it cannot sign the client assertion."
    }
    $known = @($app.certificates | ForEach-Object { $_.thumbprint })
    if ($Certificate.Thumbprint -notin $known) {
        throw "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '$($Certificate.Thumbprint)', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '$AppId'.]"
    }
    @{ AppId = $app.appId; UserPrincipalName = ''; Organization = $Tenant.organization; CertificateAuthentication = $true; Renewable = $true; Key = "app:$($app.appId)" }
}

# Opens a PFX for real: relative paths against PowerShell's current location.
function Open-SimCertificateFile {
    param([string] $Path, [securestring] $Password)
    $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    if (-not [IO.File]::Exists($full)) { throw "The certificate file '$full' given by CertificateFilePath does not exist." }
    $bytes = [IO.File]::ReadAllBytes($full)
    $pw = if ($Password) { $Password } else { [securestring]::new() }
    try {
        [Security.Cryptography.X509Certificates.X509Certificate2]::new($bytes, $pw, [Security.Cryptography.X509Certificates.X509KeyStorageFlags]::EphemeralKeySet)
    } catch {
        $inner = $_.Exception
        while ($inner.InnerException) { $inner = $inner.InnerException }
        # .NET's text for a wrong password is stable; its texts for bytes that are no PKCS#12 vary
        # with the bytes, so those all become the one .NET gives most often.
        if ($inner.Message -like '*password*') { throw $inner.Message }
        throw 'ASN1 corrupted data.'
    }
}

function Test-SimAccessToken {
    param([hashtable] $Tenant, [string] $Token, [string] $Organization)
    $parts = $Token.Split('.')
    if ($parts.Count -ne 3) { throw 'UnAuthorized: the access token is not a well-formed JWT (three base64url parts separated by dots).' }
    try { $claims = [Text.Encoding]::UTF8.GetString((ConvertFrom-SimBase64Url $parts[1])) | ConvertFrom-Json -AsHashtable -DateKind String }
    catch { throw 'UnAuthorized: the access token is not a well-formed JWT (its payload is not base64url JSON).' }
    if ((Get-SimTokenSignature $Tenant "$($parts[0]).$($parts[1])") -cne $parts[2]) { throw 'UnAuthorized: the access token''s signature is not valid for this tenant.' }
    if ($claims.aud -ne $script:ExchangeAudience) { throw "UnAuthorized: the access token's audience '$($claims.aud)' is not '$script:ExchangeAudience'." }
    if ($claims.tid -ne $Tenant.tenantId) { throw "UnAuthorized: the access token was issued for tenant '$($claims.tid)', not for '$($Tenant.organization)' ($($Tenant.tenantId))." }
    $expiry = [DateTimeOffset]::FromUnixTimeSeconds([long]$claims.exp)
    if ($expiry -le [DateTimeOffset]::UtcNow) { throw "UnAuthorized: the access token expired at $($expiry.ToString('u'))." }
    Test-SimOrganization $Tenant $Organization
    @{ AppId = [string]$claims.appid; UserPrincipalName = [string]$claims.upn; Organization = $(if ($Organization) { $Tenant.organization } else { '' })
        CertificateAuthentication = $false; Renewable = $false; Expiry = $expiry; Key = $(if ($claims.upn) { "user:$($claims.upn)" } else { "app:$($claims.appid)" }) }
}

function Test-SimManagedIdentity {
    param([hashtable] $Tenant, [string] $Organization, [string] $AccountId, [hashtable] $Behavior)
    $onAzure = ($env:IDENTITY_ENDPOINT -and $env:IDENTITY_HEADER) -or $env:MSI_ENDPOINT -or $Behavior.azureVm
    if (-not $onAzure) {
        throw 'ManagedIdentityCredential authentication unavailable: no managed identity endpoint was found (IDENTITY_ENDPOINT and IDENTITY_HEADER, or MSI_ENDPOINT, are not set and the tenant does not say this host is an Azure VM). Managed identity works only on Azure.'
    }
    if (-not $Organization) { throw 'The Organization parameter is required with ManagedIdentity: give the tenant''s primary .onmicrosoft.com domain.' }
    Test-SimOrganization $Tenant $Organization
    $appId = 'managed-identity'
    if ($AccountId) {
        $g = [Guid]::Empty
        if (-not [Guid]::TryParse($AccountId, [ref]$g)) { throw "ManagedIdentityAccountId '$AccountId' is not a GUID (the client id of a user-assigned managed identity)." }
        $app = @($Tenant.apps) | Where-Object { $_.appId -ieq $AccountId } | Select-Object -First 1
        if (-not $app) { throw "ManagedIdentityCredential authentication failed: no user-assigned managed identity with client id '$AccountId' is assigned to this host." }
        $appId = $app.appId
    }
    @{ AppId = $(if ($AccountId) { $appId } else { '' }); UserPrincipalName = ''; Organization = $Tenant.organization; CertificateAuthentication = $false; Renewable = $true; Key = "mi:$appId" }
}

function Get-SimPasswordHash {
    param([string] $Password, [byte[]] $Salt, [int] $Iterations)
    $bytes = [Security.Cryptography.Rfc2898DeriveBytes]::Pbkdf2([Text.Encoding]::UTF8.GetBytes($Password), $Salt, $Iterations, [Security.Cryptography.HashAlgorithmName]::SHA256, 32)
    [Convert]::ToBase64String($bytes)
}

function Test-SimCredential {
    param([hashtable] $Tenant, [pscredential] $Credential)
    $name = $Credential.UserName
    $plain = $Credential.GetNetworkCredential().Password
    if ($plain.Length -gt 256) { throw "AADSTS50052: The password entered exceeds the maximum length of '256'." }
    $user = @($Tenant.users) | Where-Object { $_.userPrincipalName -ieq $name } | Select-Object -First 1
    if (-not $user) {
        throw "AADSTS50034: The user account {EUII Hidden} does not exist in the $($Tenant.tenantId) directory. To sign into this application, the account must be added to the directory."
    }
    $hash = Get-SimPasswordHash $plain ([Convert]::FromBase64String($user.salt)) ([int]$user.iterations)
    if (-not [Security.Cryptography.CryptographicOperations]::FixedTimeEquals([Convert]::FromBase64String($hash), [Convert]::FromBase64String($user.hash))) {
        throw 'AADSTS50126: Error validating credentials due to invalid username or password.'
    }
    @{ AppId = ''; UserPrincipalName = $user.userPrincipalName; Organization = ''; CertificateAuthentication = $false; Renewable = $true; Key = "user:$($user.userPrincipalName)" }
}

# Device code: shows the code through Write-Host and waits until it is approved or expires.
function Wait-SimDeviceCode {
    param([string] $StatePath, [hashtable] $Tenant)
    $behavior = Get-SimBehavior $StatePath
    $lifetime = [TimeSpan]::FromSeconds([double]$behavior.deviceCodeLifetimeSeconds)
    $code = -join (1..9 | ForEach-Object { 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[(Get-Random -Maximum 32)] })
    $expires = [DateTimeOffset]::UtcNow + $lifetime
    Use-SimLock $StatePath { Write-SimJournal $StatePath @{ k = 'device'; code = $code; state = 'pending'; expires = $expires.ToUnixTimeMilliseconds(); pid = $PID } }
    Write-Host "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code $code to authenticate. (exo-bridge simulator: approve it with 'exo-bridge simulator approve-device --state FILE' or Approve-ExoSimulatorDevice.)"
    while ([DateTimeOffset]::UtcNow -lt $expires) {
        $d = (Get-SimJournal $StatePath).Devices[$code]
        if ($d.state -eq 'approved') {
            return @{ AppId = ''; UserPrincipalName = [string]$d.user; Organization = ''; CertificateAuthentication = $false; Renewable = $true; Key = "user:$($d.user)" }
        }
        Start-Sleep -Milliseconds 200
    }
    throw "AADSTS70020: The provided value for the input parameter 'device_code' is not valid. This device code has expired."
}
