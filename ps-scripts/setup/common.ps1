# Functions shared by the setup scripts. exo-bridge dot-sources this file into a fresh child
# scope before each setup script, so nothing here leaks into the session's global scope.
# Every failure is thrown as one sentence that says what was wrong and what to do.

Set-StrictMode -Version 3.0

# .NET reports a per-user folder that does not exist yet (a fresh account, an XDG_DATA_HOME
# not made yet) as "", and PSResourceGet and NuGet then keep their settings relative to the
# working directory. Making the folders first keeps everything where it belongs.
foreach ($exoFolder in 'LocalApplicationData', 'ApplicationData') {
    $exoPath = [Environment]::GetFolderPath($exoFolder, 'DoNotVerify')
    if ($exoPath -and -not (Test-Path -LiteralPath $exoPath)) {
        $null = New-Item -ItemType Directory -Path $exoPath -Force -ErrorAction SilentlyContinue
    }
}
Remove-Variable -Name exoFolder, exoPath

function Resolve-ExoTool {
    # 'Auto' picks PSResourceGet where present (it ships with PowerShell 7.4+), PowerShellGet otherwise.
    param([string] $Tool)
    $hasPsrg = [bool](Get-Module -ListAvailable -Name Microsoft.PowerShell.PSResourceGet)
    $hasPsg = [bool](Get-Module -ListAvailable -Name PowerShellGet)
    switch ($Tool) {
        'PSResourceGet' {
            if (-not $hasPsrg) { throw "PSResourceGet (Microsoft.PowerShell.PSResourceGet) is not available in this pwsh $($PSVersionTable.PSVersion). Use PowerShellGet, or PowerShell 7.4 or newer, which ships PSResourceGet." }
            return 'PSResourceGet'
        }
        'PowerShellGet' {
            if (-not $hasPsg) { throw "PowerShellGet is not available in this pwsh $($PSVersionTable.PSVersion). Use PSResourceGet instead." }
            return 'PowerShellGet'
        }
        default {
            if ($hasPsrg) { return 'PSResourceGet' }
            if ($hasPsg) { return 'PowerShellGet' }
            throw "Neither PSResourceGet nor PowerShellGet is available in this pwsh $($PSVersionTable.PSVersion); reinstall PowerShell 7.4 or newer."
        }
    }
}

function ConvertTo-ExoSemVer {
    # Module versions come as [version] (1.2.3 or 1.2.3.4) or text with a pre-release label.
    param([string] $Text)
    $s = $null
    if ([System.Management.Automation.SemanticVersion]::TryParse($Text, [ref] $s)) { return $s }
    $v = [version] $Text
    return [System.Management.Automation.SemanticVersion]::new($v.Major, $v.Minor, [Math]::Max($v.Build, 0))
}

function Get-ExoVersionText {
    # The version of a module as its gallery shows it: 3.5.0, or 3.5.0-preview1.
    param($Module)
    $text = "$($Module.Version)"
    $pre = $null
    if ($Module.PrivateData -is [System.Collections.IDictionary] -and $Module.PrivateData['PSData'] -is [System.Collections.IDictionary]) {
        $pre = $Module.PrivateData['PSData']['Prerelease']
    }
    if ($pre) { $text = "$text-$pre" }
    return $text
}

function Get-ExoVersionRangeText {
    # The requirement as NuGet's range syntax, which PSResourceGet takes; '*' for any version.
    param([string] $Required, [string] $Minimum, [string] $Maximum)
    if ($Required) { return "[$Required]" }
    if ($Minimum -and $Maximum) { return "[$Minimum, $Maximum]" }
    if ($Minimum) { return "[$Minimum, )" }
    if ($Maximum) { return "(, $Maximum]" }
    return '*'
}

function Get-ExoVersionRangeHuman {
    param([string] $Required, [string] $Minimum, [string] $Maximum)
    if ($Required) { return "version $Required" }
    if ($Minimum -and $Maximum) { return "a version from $Minimum to $Maximum" }
    if ($Minimum) { return "version $Minimum or newer" }
    if ($Maximum) { return "version $Maximum or older" }
    return 'any version'
}

function Test-ExoVersionInRange {
    param([string] $Version, [string] $Required, [string] $Minimum, [string] $Maximum)
    $v = ConvertTo-ExoSemVer $Version
    if ($Required) { return $v -eq (ConvertTo-ExoSemVer $Required) }
    if ($Minimum -and $v -lt (ConvertTo-ExoSemVer $Minimum)) { return $false }
    if ($Maximum -and $v -gt (ConvertTo-ExoSemVer $Maximum)) { return $false }
    return $true
}

function Get-ExoModulePath {
    # Where the tools install for a scope (the same folders PowerShellGet and PSResourceGet use).
    param([string] $Scope)
    if ($Scope -eq 'AllUsers') {
        if ($IsWindows) { return Join-Path $env:ProgramFiles 'PowerShell\Modules' }
        return '/usr/local/share/powershell/Modules'
    }
    if ($IsWindows) { return Join-Path ([Environment]::GetFolderPath('MyDocuments', 'DoNotVerify')) 'PowerShell\Modules' }
    return Join-Path ([Environment]::GetFolderPath('LocalApplicationData', 'DoNotVerify')) 'powershell/Modules'
}

function Assert-ExoFolderCreatable {
    # The tools report a blocked module folder with confusing messages, so check it first.
    param([string] $Path, [string] $What)
    $p = $Path
    while ($p) {
        if (Test-Path -LiteralPath $p -PathType Container) { break }
        if (Test-Path -LiteralPath $p) {
            throw "Cannot create the $What '$Path': '$p' is a file, not a folder. Move that file away, or install for another scope."
        }
        $p = Split-Path -Parent $p
    }
    if (-not $p) { throw "Cannot create the $What '$Path': none of its parent folders exists." }
    $probe = Join-Path $p ('.exo-bridge-write-test-' + [guid]::NewGuid().ToString('N'))
    try {
        [System.IO.File]::WriteAllText($probe, '')
        Remove-Item -LiteralPath $probe -Force
    } catch {
        throw "Cannot write to '$p', where the $What '$Path' must be created: $($_.Exception.Message). Run as a user who may write there, or install for the CurrentUser scope."
    }
}

function Get-ExoInstalled {
    # Every copy of the module that pwsh can load, newest first, whoever installed it.
    param([string] $Name)
    $mods = @(Get-Module -ListAvailable -Name $Name -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq $Name })
    $list = foreach ($m in $mods) {
        [pscustomobject]@{
            Name              = $m.Name
            Version           = Get-ExoVersionText $m
            Path              = $m.ModuleBase
            PowerShellVersion = if ($m.PowerShellVersion) { "$($m.PowerShellVersion)" } else { $null }
            # exo-bridge's Exchange Online simulator carries this tag (docs/simulator.md).
            Simulator         = [bool](@($m.Tags) -contains 'Simulator')
        }
    }
    return @($list | Sort-Object -Property @{ Expression = { ConvertTo-ExoSemVer $_.Version }; Descending = $true }, Path)
}

function Get-ExoRepository {
    # A registered repository as one shape for both tools, or $null.
    param([string] $Tool, [string] $Name)
    if ($Tool -eq 'PSResourceGet') {
        $r = Get-PSResourceRepository -Name $Name -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq $Name } | Select-Object -First 1
        if (-not $r) { return $null }
        $uri = $r.Uri
        return [pscustomobject]@{
            Name     = $r.Name
            Location = if ($uri.IsFile) { $uri.LocalPath } else { $uri.AbsoluteUri }
            IsFolder = $uri.IsFile
            Trusted  = [bool] $r.Trusted
        }
    }
    $r = Get-PSRepository -Name $Name -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object { $_.Name -eq $Name } | Select-Object -First 1
    if (-not $r) { return $null }
    $loc = "$($r.SourceLocation)"
    $isFolder = $loc -notmatch '^[a-zA-Z][a-zA-Z0-9+.-]*://' -or $loc -like 'file:*'
    if ($loc -like 'file:*') { $loc = ([uri] $loc).LocalPath }
    return [pscustomobject]@{
        Name     = $r.Name
        Location = $loc
        IsFolder = $isFolder
        Trusted  = $r.InstallationPolicy -eq 'Trusted'
    }
}

function Get-ExoUnreachableReason {
    # $null when something answers HTTP at the URL (any status), else why not.
    param([string] $Url)
    try {
        $null = Invoke-WebRequest -Uri $Url -Method Get -TimeoutSec 20 -MaximumRedirection 5 -SkipHttpErrorCheck -UseBasicParsing -ErrorAction Stop
        return $null
    } catch {
        $e = $_.Exception
        while ($e.InnerException) { $e = $e.InnerException }
        return $e.Message
    }
}

function Assert-ExoRepositoryUsable {
    # Returns the repository; throws when it is not registered, its folder is missing, or its URL
    # does not answer, naming the repository.
    param([string] $Tool, [string] $Name, [switch] $CheckNetwork)
    $r = Get-ExoRepository -Tool $Tool -Name $Name
    if (-not $r) {
        throw "Repository '$Name' is not registered for $Tool. Register it first (exo-bridge setup --repository $Name ...)."
    }
    if ($r.IsFolder) {
        if (-not (Test-Path -LiteralPath $r.Location -PathType Container)) {
            throw "The folder '$($r.Location)' of repository '$Name' does not exist. Create it, or register the repository with the right folder."
        }
    } elseif ($CheckNetwork) {
        $why = Get-ExoUnreachableReason $r.Location
        if ($why) { throw "Cannot reach repository '$Name' at $($r.Location): $why. Check the URL, the network and any proxy." }
    }
    return $r
}

function Get-ExoErrorText {
    param($ErrorRecord)
    $e = $ErrorRecord.Exception
    $text = $e.Message
    while ($e.InnerException -and $e.InnerException.Message -and -not $text.Contains($e.InnerException.Message)) {
        $e = $e.InnerException
        $text = "$text ($($e.Message))"
    }
    return $text
}

function Find-ExoModuleVersions {
    # Versions of the module in the repository that meet the requirement, newest first.
    # PSResourceGet lists every match; PowerShellGet (from a folder) finds only the newest match.
    param([string] $Tool, [string] $Name, [string] $Repository, [string] $Required, [string] $Minimum,
          [string] $Maximum, [bool] $Prerelease)
    $found = @()
    if ($Tool -eq 'PSResourceGet') {
        $range = Get-ExoVersionRangeText $Required $Minimum $Maximum
        $found = @(Find-PSResource -Name $Name -Repository $Repository -Version $range -Type Module -Prerelease:$Prerelease -ErrorAction SilentlyContinue -ErrorVariable findErrors |
            Where-Object { $_.Name -eq $Name } |
            ForEach-Object { [pscustomobject]@{ Name = $_.Name; Version = if ($_.Prerelease) { "$($_.Version)-$($_.Prerelease)" } else { "$($_.Version)" }; Repository = $_.Repository } })
    } else {
        $p = @{ Name = $Name; Repository = $Repository; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'findErrors'; AllowPrerelease = $Prerelease }
        if ($Required) { $p.RequiredVersion = $Required }
        if ($Minimum) { $p.MinimumVersion = $Minimum }
        if ($Maximum) { $p.MaximumVersion = $Maximum }
        $found = @(Find-Module @p | Where-Object { $_.Name -eq $Name } |
            ForEach-Object { [pscustomobject]@{ Name = $_.Name; Version = "$($_.Version)"; Repository = $_.Repository } })
    }
    # "Not found" is an answer; anything else (a broken repository) is an error worth reporting.
    $real = @($findErrors | Where-Object { $_.FullyQualifiedErrorId -notmatch '^(PackageNotFound|NoMatchFoundForCriteria|FindPackageFailure)' })
    if ($found.Count -eq 0 -and $real.Count -gt 0) {
        throw "Searching repository '$Repository' for module '$Name' failed: $(Get-ExoErrorText $real[0])"
    }
    return @($found | Where-Object { Test-ExoVersionInRange $_.Version $Required $Minimum $Maximum } |
        Sort-Object -Property @{ Expression = { ConvertTo-ExoSemVer $_.Version }; Descending = $true })
}

function Find-ExoModule {
    # The newest version that meets the requirement; a clear error when the module or that
    # version is not in the repository.
    param([string] $Tool, [string] $Name, [string] $Repository, [string] $Required, [string] $Minimum,
          [string] $Maximum, [bool] $Prerelease)
    $repo = Assert-ExoRepositoryUsable -Tool $Tool -Name $Repository
    # A package file the tool cannot open makes it fail, or skip the file as if it were not
    # there; either way, name the file.
    $damaged = {
        if ($repo.IsFolder) {
            $bad = @(Get-ExoDamagedPackages $repo.Location $Name | Where-Object { Test-ExoVersionInRange $_.Version $Required $Minimum $Maximum })
            if ($bad.Count -gt 0) {
                throw "The package file '$($bad[0].Path)' of module '$Name' $($bad[0].Version) in repository '$Repository' is damaged and cannot be read: $($bad[0].Problem). Replace it with a good copy. Nothing was installed."
            }
        }
    }
    try {
        $hits = @(Find-ExoModuleVersions $Tool $Name $Repository $Required $Minimum $Maximum $Prerelease)
    } catch {
        & $damaged
        if (-not $repo.IsFolder) {
            $why = Get-ExoUnreachableReason $repo.Location
            if ($why) { throw "Cannot reach repository '$Repository' at $($repo.Location): $why. Check the URL, the network and any proxy." }
        }
        throw
    }
    if ($hits.Count -gt 0) { return $hits[0] }
    & $damaged
    $any = @(Find-ExoModuleVersions $Tool $Name $Repository $null $null $null $Prerelease)
    if ($any.Count -eq 0) {
        throw "Module '$Name' was not found in repository '$Repository' ($($repo.Location)). Check the name, or choose the repository that has it."
    }
    $wanted = Get-ExoVersionRangeHuman $Required $Minimum $Maximum
    $there = ($any | Select-Object -ExpandProperty Version) -join ', '
    throw "Repository '$Repository' has no $wanted of module '$Name' (it has: $there). Choose one of those versions."
}

function Get-ExoDamagedPackages {
    # Package files of the module in a folder repository that are not readable zip archives.
    param([string] $Folder, [string] $Name)
    foreach ($f in Get-ChildItem -LiteralPath $Folder -Filter "$Name.*.nupkg" -File -ErrorAction SilentlyContinue) {
        $version = $f.Name.Substring($Name.Length + 1) -replace '\.nupkg$', ''
        if ($version -notmatch '^\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?$') { continue }
        try {
            $zip = [System.IO.Compression.ZipFile]::OpenRead($f.FullName)
            $zip.Dispose()
        } catch {
            $e = $_.Exception
            while ($e.InnerException) { $e = $e.InnerException }
            [pscustomobject]@{ Path = $f.FullName; Version = $version; Problem = $e.Message }
        }
    }
}
