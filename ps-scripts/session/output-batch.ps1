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
        $send = {
            param($objects)
            $buffer = [System.IO.MemoryStream]::new()
            $sink = if ($objects.Count -gt 8) {
                [System.IO.Compression.GZipStream]::new($buffer, [System.IO.Compression.CompressionLevel]::Fastest, $true)
            } else { $buffer }
            if ($shared.New -and $shared.Serialize -and $shared.Done) {
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
    }
    if ($settings.Take) {
        . $prepare
        $left = $null
        if ($shared.Unsent.TryRemove($key, [ref] $left) -and $left.Count) { & $send $left }
    }
}
process {
    # (Take runs alone, and then pwsh runs this block once with no object.)
    if ($settings.Take) { return }
    if ($direct -gt 0 -and -not ($_ -is [byte[]])) {
        # The first few objects go as remoting sends them (none when a depth was asked for,
        # which remoting would not honour). Byte arrays always go in batches: the client reads
        # every byte array as one.
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
        if ($batch.Count) { & $send $batch; $batch.Clear(); $clock.Restart() }
        , $_
        return
    }
    $batch.Add($_)
    if ($batch.Count -ge 200 -or $clock.ElapsedMilliseconds -ge 25) {
        & $send $batch
        $batch.Clear()
        $clock.Restart()
    }
}
end {
    if ($null -ne $batch) {
        if ($batch.Count) { & $send $batch }
        $null = $shared.Unsent.TryRemove($key, [ref] $null)
    }
    if (-not ($settings.NoEndMarker -or $settings.Take)) {
        [pscustomobject]@{ PSTypeName = 'ExoBridge.BatchEnd'; Key = $settings.Key }
    }
}
