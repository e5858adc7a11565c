package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.testsupport.TestPwsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile file names for {@code exo-bridge run --file} (issue 16): quotes, spaces, {@code $(...)},
 * backticks, {@code ;|&}, newlines, leading dashes, wildcards, CLIXML escapes and non-ASCII. Each
 * file runs as itself ($PSCommandPath is its exact path), takes a hostile --param value verbatim,
 * and nothing in its name runs: the canary a splice would create stays absent. A name cannot hold
 * "/", so the canary command builds its path from the temporary folder.
 */
class HostileFileNameTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "exo-canary-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String MAKE = "ni -it file -fo (Join-Path ([IO.Path]::GetTempPath()) " + CANARY + ")";
    @TempDir
    static Path dir;
    private static Path canary;

    @BeforeAll
    static void canaryPath() {
        canary = Path.of(System.getProperty("java.io.tmpdir"), CANARY);
    }

    @AfterEach
    void nothingRan() {
        assertThat(canary).as("a file name was executed").doesNotExist();
        assertThat(dir.resolve(CANARY)).doesNotExist();
    }

    /** The real environment with a HOME and XDG folders of the test's own (the CLI's caches and settings go there). */
    private static PwshEnvironment sandbox() {
        Path home = dir.resolve("home");
        Map<String, String> vars = new HashMap<>(System.getenv());
        vars.put("HOME", home.toString());
        vars.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        vars.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        vars.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        return new PwshEnvironment(vars, System.getProperty("os.name"), home);
    }

    /** Four names, each carrying several hostile features, so that the suite starts pwsh only four times. */
    static Stream<String> names() {
        return Stream.of("it's \"quoted\"  two words $(" + MAKE + ") `$(" + MAKE + ")`;a|b&c.ps1",
                "-leading dash\nnew line\rreturn [brackets] star* what? {brace}.ps1",
                "--file _x0041_ &amp; <S> ]]> \u00fcn\u00efc\u00f8d\u00e9 \u4e2d\u6587 \uD83C\uDF89 \u202Ertl.ps1",
                "'; " + MAKE + " #.ps1");
    }

    @org.junit.jupiter.api.Test
    void theCanaryCommandCreatesTheCanaryWhenItDoesRun() throws Exception {
        String proof = "exo-bridge-proof-" + UUID.randomUUID();
        CliRun r = CliRun.with(sandbox(), "", "--pwsh", TestPwsh.pwsh().toString(), "run", "-c",
                "$null = " + MAKE.replace(CANARY, proof));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path made = Path.of(System.getProperty("java.io.tmpdir"), proof);
        assertThat(made).exists();
        Files.delete(made);
    }

    @ParameterizedTest
    @MethodSource("names")
    void aHostileFileNameRunsAsItselfAndExecutesNothing(String name) throws Exception {
        Path script = Files.createDirectory(dir.resolve(UUID.randomUUID().toString())).resolve(name);
        Files.writeString(script, "param($Name)\n[pscustomobject]@{ Path = $PSCommandPath; Name = $Name }\n");
        String value = "$(" + MAKE + "); '\"`n";
        boolean equalsForm = name.startsWith("-");
        List<String> args = new ArrayList<>(List.of("--pwsh", TestPwsh.pwsh().toString(), "run"));
        args.addAll(equalsForm ? List.of("--file=" + script) : List.of("--file", script.toString()));
        args.addAll(List.of("--param", "Name=" + value));
        CliRun r = CliRun.with(sandbox(), "", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out).as(r.toString()).hasSize(1);
        assertThat(out.get(0).get("Path").textValue()).isEqualTo(script.toString());
        assertThat(out.get(0).get("Name").textValue()).isEqualTo(value);
    }
}
