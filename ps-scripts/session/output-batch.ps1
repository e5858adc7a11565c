# exo-bridge's output batching: the last step of a call's pipeline. pwsh needs far longer to send
# objects one message each than to serialise them together, so this step gathers the call's
# output and sends each batch as one CLIXML document (gzip-compressed unless tiny), serialised
# exactly as remoting serialises output (at remoting's depth or the one the caller asked for;
# without the indentation PSSerializer would add). The first objects (Direct, 8 unless a depth
# was asked for) go out as remoting sends them, so a short output costs next to nothing extra
# and arrives at once. A batch goes out when
# it holds 200 objects or when 25 ms have passed since the last one went, so a slow producer's
# objects still arrive as they come. SecureStrings and credentials at the top level go out
# unbatched, so that remoting encrypts them with the session key.
#
# The pending batch lives in a process-wide table under the call's random key: when the call
# fails, is stopped or exits, the end block never runs, and the client (or the fast lane) runs
# this script again with Take to send what was left. The end block's last object, an
# ExoBridge.BatchEnd marker carrying the key, tells the client that nothing is left behind; the
# fast lane, which checks the table itself, does without (NoEndMarker).
#
# One parameter, a hashtable (Depth, Key, Direct, Take, NoEndMarker): pwsh binds each declared parameter
# on every call, and the fast lane runs this step once per call.
param($ExoBridgeBatching)
begin {
    # A short output (the most common call) runs only these few statements: pwsh spends
    # microseconds on each, on every call. Everything else is made on the first batched object.
    $settings = $ExoBridgeBatching
    $direct = $settings.Direct
    $batch = $null
    $prepare = {
        $shared = [AppDomain]::CurrentDomain.GetData('ExoBridge.Batching')
        if ($null -eq $shared) {
            # Made once per process: the table of pending batches, and the serialiser
            # PSSerializer uses inside, reached by reflection to write without indentation
            # (should a pwsh lack it, PSSerializer itself: the same content with more whitespace).
            $domain = [AppDomain]::CurrentDomain
            [System.Threading.Monitor]::Enter($domain)
            try {
                $shared = $domain.GetData('ExoBridge.Batching')
                if ($null -eq $shared) {
                    $flags = [System.Reflection.BindingFlags]'NonPublic, Public, Instance'
                    $type = [System.Management.Automation.PSSerializer].Assembly.GetType('System.Management.Automation.Serializer')
                    $xmlSettings = [System.Xml.XmlWriterSettings]::new()
                    $xmlSettings.Indent = $false
                    $xmlSettings.OmitXmlDeclaration = $true
                    $xmlSettings.CloseOutput = $true
                    $xmlSettings.Encoding = [System.Text.UTF8Encoding]::new($false)
                    # As remoting's own writer: U+FFFE and U+FFFF become character references
                    # instead of an exception that would lose the whole batch.
                    $xmlSettings.CheckCharacters = $false
                    $shared = @{
                        Unsent = [System.Collections.Concurrent.ConcurrentDictionary[string, object]]::new()
                        New = if ($type) { $type.GetConstructor($flags, $null, [type[]] @([System.Xml.XmlWriter], [int], [bool]), $null) }
                        Serialize = if ($type) { $type.GetMethod('Serialize', $flags, $null, [type[]] @([object]), $null) }
                        Done = if ($type) { $type.GetMethod('Done', $flags, $null, [type[]] @(), $null) }
                        Settings = $xmlSettings
                    }
                    $domain.SetData('ExoBridge.Batching', $shared)
                }
            } finally {
                [System.Threading.Monitor]::Exit($domain)
            }
        }
        $depth = $settings.Depth
        $key = $settings.Key
        # A batch of a few objects goes as plain UTF-8: compressing it would cost more than it saves.
        # $fast: our own writer for the shapes that dominate large outputs (FastClixml.cs); it
        # writes the same document as PowerShell's serialiser, for the objects it takes.
        $send = {
            param($objects, $fast)
            $buffer = [System.IO.MemoryStream]::new()
            $sink = if ($objects.Count -gt 8) {
                [System.IO.Compression.GZipStream]::new($buffer, [System.IO.Compression.CompressionLevel]::Fastest, $true)
            } else { $buffer }
            if ($fast) {
                try {
                    $xml = [System.Xml.XmlWriter]::Create($sink, $shared.Settings)
                    $fast::Write($xml, $objects)
                    $xml.Flush()
                } catch {
                    # Never a broken document: should the writer fail, PowerShell's serialiser
                    # writes the batch instead.
                    $sink.Dispose()
                    & $send $objects $null
                    return
                }
            } elseif ($shared.New -and $shared.Serialize -and $shared.Done) {
                $xml = [System.Xml.XmlWriter]::Create($sink, $shared.Settings)
                $serializer = $shared.New.Invoke([object[]] @($xml, $depth, $true))
                $null = $shared.Serialize.Invoke($serializer, [object[]] @(, $objects))
                $null = $shared.Done.Invoke($serializer, $null)
                $xml.Flush()
            } else {
                $bytes = $shared.Settings.Encoding.GetBytes([System.Management.Automation.PSSerializer]::Serialize($objects, $depth))
                $sink.Write($bytes, 0, $bytes.Length)
            }
            $sink.Dispose()
            , $buffer.ToArray()
        }
        # A call's output goes to the fast writer once it has passed FastAfter objects (so that
        # a short output never pays for loading it) and while this pwsh has it; then each run of
        # objects it takes whole is one document, each run of others one document of PowerShell's.
        $call = @{ Count = 0; Fast = $null }
        $emit = {
            param($objects)
            $call.Count += $objects.Count
            if ($null -eq $call.Fast) {
                $call.Fast = if ($call.Count -gt $fastAfter -and $env:EXOBRIDGE_FAST_CLIXML) { & $fastWriter } else { $null }
            }
            $fast = $call.Fast
            if (-not $fast) {
                if ($call.Count -gt $fastAfter) { $call.Fast = $false }
                & $send $objects $null
                return
            }
            $i = 0
            while ($i -lt $objects.Count) {
                $end = $fast::SupportedRun($objects, $i)
                $own = $end -gt $i
                if (-not $own) { $end = $fast::UnsupportedRun($objects, $i) }
                # (Assigned inside the if: an if's output would unroll the list.)
                if ($i -eq 0 -and $end -eq $objects.Count) { $run = $objects } else { $run = $objects.GetRange($i, $end - $i) }
                if ($own) { & $send $run $fast } else { & $send $run $null }
                $i = $end
            }
        }
        $fastAfter = 1000
        # The fast writer's type for this call, or $false: none where this pwsh cannot load it
        # (Constrained Language Mode, no compiler), nor while type data is declared for the
        # types it writes (type data can change what PowerShell's serialiser writes for them).
        $fastWriter = {
            if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') { return $false }
            if ($null -eq $shared.Fast) { $shared.Fast = & $loadFast }
            if (-not $shared.Fast) { return $false }
            if (Get-TypeData -TypeName $shared.FastTypes) { return $false }
            $shared.Fast
        }
        # Once per process: the writer compiled from FastClixml.cs (in the folder named by
        # EXOBRIDGE_FAST_CLIXML, which exo-bridge extracts from its jar), cached beside it as
        # FastClixml-<pwsh version>.dll with the SHA-256 of the DLL in a file of its own. The DLL
        # is read once, its hash compared, and the very bytes compared are loaded (never the file
        # by path, which could change in between); a DLL whose hash does not match is not loaded
        # but compiled anew. Where the folder cannot be written, the writer is compiled in memory.
        $loadFast = {
            try {
                $folder = $env:EXOBRIDGE_FAST_CLIXML
                $source = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($folder, 'FastClixml.cs'))
                $dll = [System.IO.Path]::Combine($folder, "FastClixml-$($PSVersionTable.PSVersion).dll")
                $record = "$dll.sha256"
                $bytes = $null
                if ([System.IO.File]::Exists($dll) -and [System.IO.File]::Exists($record)) {
                    $candidate = [System.IO.File]::ReadAllBytes($dll)
                    if ([System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($candidate)) -eq [System.IO.File]::ReadAllText($record).Trim()) {
                        $bytes = $candidate
                    }
                }
                if ($null -eq $bytes) {
                    $tmp = "$dll.$([guid]::NewGuid().ToString('N')).tmp"
                    try {
                        Add-Type -TypeDefinition $source -OutputAssembly $tmp -OutputType Library -ErrorAction Stop
                        $bytes = [System.IO.File]::ReadAllBytes($tmp)
                        [System.IO.File]::WriteAllText("$tmp.sha256", [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)))
                        [System.IO.File]::Move("$tmp.sha256", $record, $true)
                        [System.IO.File]::Move($tmp, $dll, $true)
                    } catch {
                        $bytes = $null
                    } finally {
                        foreach ($f in $tmp, "$tmp.sha256") { if ([System.IO.File]::Exists($f)) { [System.IO.File]::Delete($f) } }
                    }
                }
                $type = if ($null -ne $bytes) {
                    [System.Reflection.Assembly]::Load([byte[]] $bytes).GetType('ExoBridge.FastClixml', $true)
                } else {
                    (Add-Type -TypeDefinition $source -PassThru -ErrorAction Stop | Where-Object FullName -EQ 'ExoBridge.FastClixml')
                }
                $shared.FastTypes = @('System.Management.Automation.PSCustomObject', 'System.Object', 'System.Array',
                    'System.Collections.Hashtable', 'System.Collections.Specialized.OrderedDictionary',
                    'System.Collections.ArrayList') + @('Object', 'String', 'Int32', 'Int64', 'Boolean', 'Double',
                    'Management.Automation.PSObject' | ForEach-Object { [WildcardPattern]::Escape("System.$_[]") })
                $type
            } catch {
                $false
            }
        }
    }
    if ($settings.Take) {
        . $prepare
        $left = $null
        if ($shared.Unsent.TryRemove($key, [ref] $left) -and $left.Count) { & $emit $left }
    }
}
process {
    # (Take runs alone, and then pwsh runs this block once with no object.)
    if ($settings.Take) { return }
    if ($direct -gt 0 -and $null -eq $batch -and -not ($_ -is [byte[]])) {
        # The first few objects go as remoting sends them (none when a depth was asked for,
        # which remoting would not honour). Byte arrays always go in batches: the client reads
        # every byte array as one. Once a batch exists, every object joins it, or an object
        # sent directly would overtake the batched ones before it.
        $direct--
        , $_
        return
    }
    if ($null -eq $batch) {
        . $prepare
        $batch = [System.Collections.Generic.List[object]]::new()
        $shared.Unsent[$key] = $batch
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
    }
    if ($_ -is [securestring] -or $_ -is [pscredential]) {
        if ($batch.Count) { & $emit $batch; $batch.Clear(); $clock.Restart() }
        , $_
        return
    }
    $batch.Add($_)
    if ($batch.Count -ge 200 -or $clock.ElapsedMilliseconds -ge 25) {
        & $emit $batch
        $batch.Clear()
        $clock.Restart()
    }
}
end {
    if ($null -ne $batch) {
        if ($batch.Count) { & $emit $batch }
        $null = $shared.Unsent.TryRemove($key, [ref] $null)
    }
    if (-not ($settings.NoEndMarker -or $settings.Take)) {
        [pscustomobject]@{ PSTypeName = 'ExoBridge.BatchEnd'; Key = $settings.Key }
    }
}
