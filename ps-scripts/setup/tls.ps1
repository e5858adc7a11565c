# Reports the TLS protocols .NET offers this pwsh ([Net.ServicePointManager]::SecurityProtocol).
# PowerShell 7 runs on .NET, which uses the protocols of the operating system (SystemDefault),
# TLS 1.2 included. Windows PowerShell 5.1 (.NET Framework) may lack TLS 1.2 and then cannot reach
# the PowerShell Gallery: its fix is documented in docs/setup.md, not applied here.
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
$protocols = [Net.ServicePointManager]::SecurityProtocol
$core = $PSVersionTable.PSEdition -eq 'Core'
$tls12 = ($protocols -band [Net.SecurityProtocolType]::Tls12) -ne 0
[pscustomobject]@{
    SecurityProtocol = "$protocols"
    PSEdition        = "$($PSVersionTable.PSEdition)"
    PSVersion        = "$($PSVersionTable.PSVersion)"
    Tls12            = $tls12
    Ok               = [bool]($core -or $tls12)
    Reason           = if ($core) { 'PowerShell 7 uses the operating system''s TLS protocols (TLS 1.2 included)' }
                       elseif ($tls12) { 'TLS 1.2 is enabled' }
                       else { 'Windows PowerShell does not offer TLS 1.2; see docs/setup.md (TLS 1.2 for Windows PowerShell 5.1)' }
}
