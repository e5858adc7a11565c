package dev.exobridge.psrp.clixml;

import static org.junit.jupiter.api.Assertions.fail;

import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one pwsh process over a script in which {@code Emit <name> <value> [<depth>]} records
 * {@code PSSerializer.Serialize(value, depth)} (depth 2 unless given), and returns the CLIXML
 * documents by name. pwsh runs with {@code TZ=Asia/Kolkata}, so that Local times carry a known
 * offset that is not zero (+05:30). Each run costs about a second: batch the cases.
 */
public final class PwshSerialize {
    private static final String PRELUDE = """
            $ErrorActionPreference = 'Stop'
            function Emit([string]$Name, $Value, [int]$Depth = 2) {
              $x = [System.Management.Automation.PSSerializer]::Serialize($Value, $Depth)
              [Console]::Out.WriteLine($Name + "`t" + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($x)))
            }
            function EmitText([string]$Name, [string]$Text) {
              [Console]::Out.WriteLine($Name + "`t" + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text)))
            }
            """;

    private PwshSerialize() {
    }

    /** The documents the script emitted, in order, by name ({@code EmitText} records plain text). */
    public static Map<String, String> emit(String script) {
        Path pwsh = TestPwsh.pwsh();
        try {
            Path file = Files.createTempFile("exobridge-test", ".ps1");
            Path out = Files.createTempFile("exobridge-test", ".out");
            Path err = Files.createTempFile("exobridge-test", ".err");
            try {
                // A BOM tells pwsh the script is UTF-8 whatever the locale.
                Files.writeString(file, "\uFEFF" + PRELUDE + script, StandardCharsets.UTF_8);
                ProcessBuilder pb = new ProcessBuilder(pwsh.toString(), "-NoLogo", "-NoProfile", "-NonInteractive",
                        "-File", file.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().put("TZ", "Asia/Kolkata");
                pb.environment().put("POWERSHELL_TELEMETRY_OPTOUT", "1");
                pb.environment().put("POWERSHELL_UPDATECHECK", "Off");
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("pwsh did not end within 120 s");
                }
                if (p.exitValue() != 0) {
                    fail("pwsh exited with " + p.exitValue() + ": " + Files.readString(err));
                }
                Map<String, String> docs = new LinkedHashMap<>();
                for (String line : Files.readString(out, StandardCharsets.UTF_8).split("\n")) {
                    int tab = line.indexOf('\t');
                    if (tab > 0) {
                        docs.put(line.substring(0, tab),
                                new String(Base64.getDecoder().decode(line.substring(tab + 1).strip()), StandardCharsets.UTF_8));
                    }
                }
                return docs;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run pwsh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pwsh ran", e);
        }
    }
}
