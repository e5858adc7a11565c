# The ExchangeOnlineManagement module Import-Module would load in this session (the first on
# PSModulePath), and this pwsh's version, for the version check made in Java.
$m = Get-Module -ListAvailable -Name ExchangeOnlineManagement | Select-Object -First 1
[pscustomobject]@{
    Found       = $null -ne $m
    Version     = if ($m) { "$($m.Version)" } else { $null }
    Prerelease  = if ($m -and $m.PrivateData -and $m.PrivateData.PSData) { "$($m.PrivateData.PSData.Prerelease)" } else { $null }
    Path        = if ($m) { $m.Path } else { $null }
    Tags        = if ($m) { @($m.Tags) } else { @() }
    Description = if ($m) { $m.Description } else { $null }
    Pwsh        = "$($PSVersionTable.PSVersion)"
    ModulePath  = $env:PSModulePath
}
