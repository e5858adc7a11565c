package dev.exobridge.bench;

/**
 * The PowerShell that produces objects, one text for every contender ({N} stands for the count,
 * as official-client.ps1 expects).
 */
final class Producers {
    /** Section 2: ten properties of several types, one of them a nested object. */
    static final String TEN_PROPERTIES = "1..{N} | ForEach-Object { [pscustomobject]@{ Id = $_; "
            + "Name = \"item$_\"; Mail = \"user$_@contoso.com\"; Size = [long]$_ * 1024; Count = $_ % 7; "
            + "Created = [datetime]'2020-01-02T03:04:05'; Modified = [datetime]'2021-03-04T05:06:07'; "
            + "Enabled = ($_ % 2 -eq 0); Department = 'Sales'; "
            + "Manager = [pscustomobject]@{ Id = $_ + 1; Name = \"mgr$_\" } } }";

    /** Section 5: many small objects. */
    static final String TWO_PROPERTIES = "1..{N} | ForEach-Object { [pscustomobject]@{ Id = $_; Name = \"n$_\" } }";

    private Producers() {
    }

    static String of(String producer, int count) {
        return producer.replace("{N}", String.valueOf(count));
    }
}
