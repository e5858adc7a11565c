package dev.exobridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.json.ResultObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * exo-bridge's own serialiser for batched output (FastClixml.cs, {@link SessionOptions.Builder#fastSerializer}):
 * for every shape docs/json-mapping.md lists (random objects: FastSerializerPropertiesTest), the CLIXML it writes is byte
 * for byte PowerShell's (or it leaves the object to PowerShell's serialiser), and the JSON the
 * engine makes is the same with it on and off; its cached DLL is checked before it is loaded,
 * and where it cannot be compiled, cached or loaded, PowerShell's serialiser does the work.
 */
class FastSerializerTest {
    /** More than the 1,000 objects after which a call's output goes to the fast writer. */
    static final int LARGE = 1_100;
    private static final String FAST = "[AppDomain]::CurrentDomain.GetData('ExoBridge.Batching').Fast";
    static final Path ROOT = Path.of("target", "fast-clixml-test").toAbsolutePath();

    private static PwshSession on;
    private static PwshSession off;
    private static Path cache;

    @BeforeAll
    static void start() {
        cache = ROOT.resolve(UUID.randomUUID().toString());
        on = PwshSession.start(withCache(cache).build());
        off = SessionTestSupport.start();
        // The first large output compiles the writer (and caches it).
        assertThat(on.invoke("1.." + LARGE + " | ForEach-Object { [pscustomobject]@{ a = $_ } }").output()).hasSize(LARGE);
        // (The first 1,000 objects of a call go through PowerShell's serialiser.)
        assertThat(written(on)).as("the fast writer wrote part of the first large output").isPositive();
    }

    @AfterAll
    static void stop() {
        SessionTestSupport.closeAll(on, off);
    }

    static SessionOptions.Builder withCache(Path dir) {
        return SessionTestSupport.options().fastSerializer(true).environment("XDG_CACHE_HOME", dir.toString());
    }

    /** The shapes of docs/json-mapping.md, one expression each (a PSCustomObject around some). */
    static final List<String> MAPPING_SHAPES = List.of(
            "[int]::MinValue", "[int16]-5", "[byte]255", "[sbyte]-128", "[uint16]65535", "[int64]::MinValue", "[uint32]::MaxValue",
            "[uint64]::MaxValue", "[bigint]::Pow(2,100)", "[decimal]::MaxValue", "1.50d", "[double]::MaxValue", "0.1",
            "[single]1.1", "[double]::NaN", "[double]::PositiveInfinity", "[double]::NegativeInfinity", "[single]::NaN",
            "$true", "[char]'A'", "\"a`0b\"", "\"_x0041_ `t`r`n \" + [char]0xD800 + [char]0xDFFF",
            "[datetime]::new(638000000000000001,'Utc')", "[datetime]::new(638000000000000001,'Local')",
            "[datetime]::new(638000000000000001,'Unspecified')", "[datetimeoffset]::new(637000000000000000, '-03:00')",
            "[timespan]'-1.02:03:04.567'", "[timespan]::Zero", "[guid]'6ba7b810-9dad-11d1-80b4-00c04fd430c8'",
            "[version]'1.2.3'", "[uri]'http://x/a%20b'", "[semver]'1.2.3-beta.1+build'", "[xml]'<a b=\"1\"/>'",
            "{ echo \"hi\" }", "[byte[]](0,1,2,255)", "[byte[]]@()", "[IO.FileAttributes]'ReadOnly, Hidden'", "[switch]$true",
            "$null", "[DBNull]::Value", "[NullString]::Value", "[pscustomobject][ordered]@{a=1;b=@(1,2)}", "[pscustomobject]@{}",
            "[StringComparer]::Ordinal", "([string]::new([char[]]@(97,98)) | Add-Member -Force n x -PassThru)", "(Get-Date -Date '2020-01-01')",
            "[ordered]@{z=1;a=2}", "[ordered]@{1='a';$true='b'}", "@{k=@{n=@(1,@{})}}", "[int[]](1,2)", "[string[]]('a',$null)",
            "[System.Collections.ArrayList]@(1,'x')", "[System.Collections.Generic.HashSet[int]]@(1,2)",
            "$(1..2 | ForEach-Object { $_ })", "@(@(1),@())", "$($o = [pscustomobject]@{a=1}; @($o,$o))",
            "$($h = @{}; $h.self = $h; $h)", "[pscustomobject]@{ b = [pscustomobject]@{ c = [pscustomobject]@{ v = 1 } } }",
            "(Write-Warning w 3>&1)", "[pscustomobject]@{ PSTypeName = 'My.Type'; a = 1 }",
            "(1 | ForEach-Object { $_ })", "[System.Text.StringBuilder]::new('sb')");

    @Test
    void everyShapeOfTheMappingIsWrittenAsPowerShellWritesItOrLeftToIt() {
        List<String> taken = new ArrayList<>();
        for (String shape : MAPPING_SHAPES) {
            for (String expr : List.of(shape, "[pscustomobject]@{ v = (" + shape + ") }")) {
                String verdict = compare(on, expr);
                assertThat(verdict).as(expr).isIn("same", "left");
                if (verdict.equals("same")) {
                    taken.add(expr);
                }
            }
        }
        // The writer takes the shapes it is for (not all left to PowerShell's serialiser).
        assertThat(taken).contains("[int]::MinValue", "[pscustomobject]@{ v = ([decimal]::MaxValue) }",
                "[pscustomobject]@{ v = ([pscustomobject][ordered]@{a=1;b=@(1,2)}) }", "[pscustomobject]@{ v = ([ordered]@{z=1;a=2}) }",
                "[pscustomobject]@{ v = ((1 | ForEach-Object { $_ })) }");
        assertThat(taken).doesNotContain("[pscustomobject]@{ v = ([datetimeoffset]::new(637000000000000000, '-03:00')) }",
                "[pscustomobject]@{ v = (([string]::new([char[]]@(97,98)) | Add-Member -Force n x -PassThru)) }", "[pscustomobject]@{ PSTypeName = 'My.Type'; a = 1 }",
                "[pscustomobject]@{ v = ($($o = [pscustomobject]@{a=1}; @($o,$o))) }");
    }

    @Test
    void everyShapeOfTheMappingGivesTheSameJsonWithTheFastWriterOnAndOff() {
        for (String shape : MAPPING_SHAPES) {
            sameJson("[pscustomobject]@{ v = (" + shape + "); n = $_ }");
        }
        sameJson(String.join("; ", MAPPING_SHAPES.stream().map(s -> "(" + s + ")").toList()));
    }

    @Test
    void aCachedDllIsLoadedWithoutCompilingAgain() throws IOException {
        Path dll = dll(cache);
        long modified = Files.getLastModifiedTime(dll).toMillis();
        try (PwshSession second = PwshSession.start(withCache(cache).build())) {
            sameJson(second, off, "[pscustomobject]@{ n = $_ }");
            assertThat(written(second)).isPositive();
        }
        assertThat(Files.getLastModifiedTime(dll).toMillis()).as("not compiled again").isEqualTo(modified);
    }

    @Test
    void aTamperedDllIsNotLoadedButCompiledAgain() throws Exception {
        Path dir = ROOT.resolve(UUID.randomUUID().toString());
        try (PwshSession first = PwshSession.start(withCache(dir).build())) {
            first.invoke("1.." + LARGE + " | ForEach-Object { [pscustomobject]@{ a = $_ } }");
        }
        Path dll = dll(dir);
        byte[] good = Files.readAllBytes(dll);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 1;
        Files.write(dll, bad);
        try (PwshSession second = PwshSession.start(withCache(dir).build())) {
            sameJson(second, off, "[pscustomobject]@{ n = $_ }");
            assertThat(written(second)).as("the fast writer, compiled again").isPositive();
        }
        byte[] now = Files.readAllBytes(dll);
        assertThat(now).as("the tampered DLL was replaced").isNotEqualTo(bad);
        assertThat(HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(now)))
                .isEqualTo(Files.readString(Path.of(dll + ".sha256")).trim());
    }

    @Test
    void whereTheDllCannotBeWrittenTheWriterIsCompiledInMemory() throws IOException {
        Path dir = ROOT.resolve(UUID.randomUUID().toString());
        try (PwshSession s = PwshSession.start(withCache(dir).build())) {
            // A folder where the DLL would go: pwsh cannot write it there (even as root).
            Path dll = FastSerializer.folder(java.util.Map.of("XDG_CACHE_HOME", dir.toString()))
                    .resolve("FastClixml-" + s.invoke("$PSVersionTable.PSVersion.ToString()").output().get(0).json().textValue() + ".dll");
            Files.createDirectories(dll);
            sameJson(s, off, "[pscustomobject]@{ n = $_ }");
            assertThat(written(s)).isPositive();
            assertThat(Files.isDirectory(dll)).isTrue();
        }
    }

    @Test
    void whenTypeDataIsDeclaredForPsCustomObjectPowerShellsSerialiserDoesItAll() {
        try (PwshSession s = PwshSession.start(withCache(cache).build())) {
            s.invoke("Update-TypeData -TypeName System.Management.Automation.PSCustomObject -MemberType NoteProperty "
                    + "-MemberName Extra -Value 'x' -Force");
            List<ResultObject> got = s.invoke("1.." + LARGE + " | ForEach-Object { [pscustomobject]@{ n = $_ } }").output();
            assertThat(got).hasSize(LARGE);
            assertThat(got.get(0).json().get("Extra").textValue()).isEqualTo("x");
            assertThat(written(s)).isZero();
        }
    }

    /**
     * "same" when the fast writer takes {@code expr}'s value (in a list, as a batch holds it) and
     * writes what PowerShell's serialiser writes at depths 1 and 3, "left" when it leaves it to
     * that serialiser, else both documents.
     */
    static String compare(PwshSession on, String expr) {
        String script = "$fast = " + FAST + "\n"
                + "$l = [System.Collections.Generic.List[object]]::new(); $l.Add((" + expr + "))\n"
                + "if ($fast::SupportedRun($l, 0) -ne 1) { return 'left' }\n"
                + "$flags = [System.Reflection.BindingFlags]'NonPublic, Public, Instance'\n"
                + "$type = [System.Management.Automation.PSSerializer].Assembly.GetType('System.Management.Automation.Serializer')\n"
                + "$s = [System.Xml.XmlWriterSettings]::new(); $s.Indent = $false; $s.OmitXmlDeclaration = $true\n"
                + "$s.Encoding = [System.Text.UTF8Encoding]::new($false)\n"
                + "$out = foreach ($depth in 1, 3) {\n"
                + "  $ms = [IO.MemoryStream]::new(); $x = [System.Xml.XmlWriter]::Create($ms, $s)\n"
                + "  $z = $type.GetConstructor($flags, $null, [type[]] @([System.Xml.XmlWriter], [int], [bool]), $null).Invoke([object[]] @($x, $depth, $true))\n"
                + "  $null = $type.GetMethod('Serialize', $flags, $null, [type[]] @([object]), $null).Invoke($z, [object[]] @(, $l))\n"
                + "  $null = $type.GetMethod('Done', $flags, $null, [type[]] @(), $null).Invoke($z, $null); $x.Flush()\n"
                + "  $ps = [Convert]::ToBase64String($ms.ToArray())\n"
                + "  $ms = [IO.MemoryStream]::new(); $x = [System.Xml.XmlWriter]::Create($ms, $s); $fast::Write($x, $l); $x.Flush()\n"
                + "  $mine = [Convert]::ToBase64String($ms.ToArray())\n"
                + "  if ($ps -ne $mine) { \"depth $depth`nPS:   $([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($ps)))`nmine: $([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($mine)))\" }\n"
                + "}\n"
                + "if ($out) { $out -join \"`n\" } else { 'same' }";
        return on.invoke(script).output().get(0).json().textValue();
    }

    private static void sameJson(String expr) {
        sameJson(on, off, expr);
    }

    /** The same JSON and type names, in order, for LARGE objects of {@code expr} (with $_ their number). */
    static void sameJson(PwshSession fast, PwshSession off, String expr) {
        String script = "1.." + LARGE + " | ForEach-Object { " + expr + " }";
        List<ResultObject> a = fast.invoke(script).output();
        List<ResultObject> b = off.invoke(script).output();
        assertThat(a).as(expr).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            JsonNode x = a.get(i).json();
            JsonNode y = b.get(i).json();
            assertThat(x).as("%s, object %d", expr, i).isEqualTo(y);
            assertThat(a.get(i).typeNames()).as("%s, object %d", expr, i).isEqualTo(b.get(i).typeNames());
        }
    }

    static long written(PwshSession s) {
        JsonNode n = s.invoke("$f = " + FAST + "; if ($f) { $f::Written } else { 0 }").output().get(0).json();
        return n.asLong();
    }

    private static Path dll(Path cacheRoot) throws IOException {
        try (Stream<Path> files = Files.walk(cacheRoot)) {
            return files.filter(p -> p.getFileName().toString().matches("FastClixml-.*\\.dll")).findFirst().orElseThrow();
        }
    }
}
