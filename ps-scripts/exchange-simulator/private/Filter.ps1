# The OPATH subset of -Filter: -eq -ne -lt -gt -like -notlike, -and -or -not, parentheses,
# wildcards only at the ends of a value. Parsed into a tree and evaluated; never run as script.

$script:FilterOperators = @('-eq', '-ne', '-lt', '-gt', '-like', '-notlike')
$script:FilterSubset = '-eq -ne -lt -gt -like -notlike -and -or -not'

function Get-SimFilterTokens {
    param([string] $Text)
    $tokens = [Collections.Generic.List[object]]::new()
    $i = 0
    while ($i -lt $Text.Length) {
        $c = $Text[$i]
        if ([char]::IsWhiteSpace($c)) { $i++; continue }
        if ($c -eq '(' -or $c -eq ')') { $tokens.Add(@{ t = $c; v = [string]$c }); $i++; continue }
        if ($c -eq "'" -or $c -eq '"') {
            $sb = [Text.StringBuilder]::new(); $i++; $closed = $false
            while ($i -lt $Text.Length) {
                if ($Text[$i] -eq $c) {
                    if ($i + 1 -lt $Text.Length -and $Text[$i + 1] -eq $c) { $null = $sb.Append($c); $i += 2; continue }
                    $closed = $true; $i++; break
                }
                $null = $sb.Append($Text[$i]); $i++
            }
            if (-not $closed) { throw "Invalid filter '$Text': a quoted value is not closed." }
            $tokens.Add(@{ t = 'value'; v = $sb.ToString() }); continue
        }
        $start = $i
        while ($i -lt $Text.Length -and -not [char]::IsWhiteSpace($Text[$i]) -and $Text[$i] -ne '(' -and $Text[$i] -ne ')') { $i++ }
        $word = $Text.Substring($start, $i - $start)
        if ($word.StartsWith('-')) { $tokens.Add(@{ t = 'op'; v = $word.ToLowerInvariant() }) }
        else { $tokens.Add(@{ t = 'word'; v = $word }) }
    }
    $tokens
}

function ConvertFrom-SimFilter {
    param([string] $Text)
    $state = @{ Tokens = @(Get-SimFilterTokens $Text); Pos = 0; Text = $Text }
    if ($state.Tokens.Count -eq 0) { throw "Invalid filter '$Text': it is empty." }
    $tree = Read-SimFilterOr $state
    if ($state.Pos -lt $state.Tokens.Count) { throw "Invalid filter '$Text': unexpected '$($state.Tokens[$state.Pos].v)'." }
    $tree
}

function Read-SimFilterOr {
    param($S)
    $left = Read-SimFilterAnd $S
    while ($S.Pos -lt $S.Tokens.Count -and $S.Tokens[$S.Pos].v -eq '-or') { $S.Pos++; $left = @{ k = 'or'; a = $left; b = (Read-SimFilterAnd $S) } }
    $left
}

function Read-SimFilterAnd {
    param($S)
    $left = Read-SimFilterNot $S
    while ($S.Pos -lt $S.Tokens.Count -and $S.Tokens[$S.Pos].v -eq '-and') { $S.Pos++; $left = @{ k = 'and'; a = $left; b = (Read-SimFilterNot $S) } }
    $left
}

function Read-SimFilterNot {
    param($S)
    if ($S.Pos -lt $S.Tokens.Count -and $S.Tokens[$S.Pos].v -eq '-not') { $S.Pos++; return @{ k = 'not'; a = (Read-SimFilterNot $S) } }
    Read-SimFilterPrimary $S
}

function Read-SimFilterPrimary {
    param($S)
    $text = $S.Text
    if ($S.Pos -ge $S.Tokens.Count) { throw "Invalid filter '$text': it ends too soon." }
    $tok = $S.Tokens[$S.Pos]
    if ($tok.t -eq '(') {
        $S.Pos++
        $inner = Read-SimFilterOr $S
        if ($S.Pos -ge $S.Tokens.Count -or $S.Tokens[$S.Pos].t -ne ')') { throw "Invalid filter '$text': a '(' is not closed." }
        $S.Pos++
        return $inner
    }
    if ($tok.t -ne 'word') { throw "Invalid filter '$text': expected a property name, not '$($tok.v)'." }
    $prop = Resolve-SimPropertyName $tok.v
    if (-not $prop) { throw "Invalid filter '$text': '$($tok.v)' is not a filterable property in the exo-bridge simulator." }
    $S.Pos++
    if ($S.Pos -ge $S.Tokens.Count) { throw "Invalid filter '$text': an operator must follow '$($tok.v)'." }
    $op = $S.Tokens[$S.Pos]
    if ($op.t -ne 'op' -or $op.v -notin $script:FilterOperators) {
        throw "Invalid filter '$text': the operator '$($op.v)' is not supported (the simulator's OPATH subset: $script:FilterSubset)."
    }
    $S.Pos++
    if ($S.Pos -ge $S.Tokens.Count -or $S.Tokens[$S.Pos].t -notin 'value', 'word') { throw "Invalid filter '$text': a value must follow '$($op.v)'." }
    $value = $S.Tokens[$S.Pos]
    $S.Pos++
    $v = $value.v
    if ($value.t -eq 'word') {
        switch ($v) { '$true' { $v = 'True' } '$false' { $v = 'False' } '$null' { $v = $null } }
    }
    if ($op.v -in '-like', '-notlike' -and $v -and $v.Length -gt 2 -and $v.Substring(1, $v.Length - 2).Contains('*')) {
        throw "Invalid filter '$text': wildcards are supported only at the start and end of a value ('$v')."
    }
    if ($op.v -in '-like', '-notlike' -and $null -ne $v) {
        # Only the edge stars are wildcards; anything else in the value is literal.
        $lead = $v.StartsWith('*'); $trail = $v.Length -gt 1 -and $v.EndsWith('*')
        $core = $v.Substring([int]$lead, $v.Length - [int]$lead - [int]$trail)
        $v = $(if ($lead) { '*' }) + [Management.Automation.WildcardPattern]::Escape($core) + $(if ($trail) { '*' })
    }
    @{ k = 'cmp'; p = $prop; op = $op.v; v = $v }
}

function Test-SimFilterValue {
    param($Actual, [string] $Op, $Expected)
    if ($Actual -is [array]) {
        $any = $false
        foreach ($a in $Actual) { if (Test-SimFilterValue $a '-eq' $Expected) { $any = $true; break } }
        switch ($Op) { '-eq' { return $any } '-ne' { return -not $any } '-like' { foreach ($a in $Actual) { if (Test-SimFilterValue $a '-like' $Expected) { return $true } }; return $false } '-notlike' { foreach ($a in $Actual) { if (Test-SimFilterValue $a '-like' $Expected) { return $false } }; return $true } default { return $false } }
    }
    if ($null -eq $Expected) { $isNull = $null -eq $Actual -or "$Actual" -eq ''; if ($Op -eq '-eq') { return $isNull } ; if ($Op -eq '-ne') { return -not $isNull }; return $false }
    $a = if ($Actual -is [DateTime]) { $Actual.ToString('o') } elseif ($Actual -is [long] -or $Actual -is [int]) { $Actual } else { "$Actual" }
    $e = $Expected
    if ($a -is [long] -or $a -is [int]) { $n = 0L; if ([long]::TryParse($e, [ref]$n)) { $e = $n } else { $a = "$a" } }
    elseif ($Actual -is [DateTime]) { $d = [DateTime]::MinValue; if ([DateTime]::TryParse($e, [Globalization.CultureInfo]::InvariantCulture, 'AdjustToUniversal', [ref]$d)) { $a = $Actual; $e = $d } }
    switch ($Op) {
        '-eq' { $a -eq $e }
        '-ne' { $a -ne $e }
        '-lt' { $a -lt $e }
        '-gt' { $a -gt $e }
        '-like' { "$a" -like "$e" }
        '-notlike' { "$a" -notlike "$e" }
    }
}

function Test-SimFilter {
    param($Tree, $Record)
    switch ($Tree.k) {
        'or' { (Test-SimFilter $Tree.a $Record) -or (Test-SimFilter $Tree.b $Record) }
        'and' { (Test-SimFilter $Tree.a $Record) -and (Test-SimFilter $Tree.b $Record) }
        'not' { -not (Test-SimFilter $Tree.a $Record) }
        'cmp' { [bool](Test-SimFilterValue $Record[$Tree.p] $Tree.op $Tree.v) }
    }
}
