package dev.exobridge.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.json.ResultObject;
import dev.exobridge.pwsh.PwshEnvironment;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's operations on a tenant's state, each run through the module in a pwsh session
 * of its own (so every write takes the module's one lock): create a tenant, describe it, approve
 * a waiting device-code sign-in, publish the module as packages.
 *
 * <p>{@code base} gives the pwsh and its environment (its HOME and the like); default
 * {@link SessionOptions#defaults()}. Each call times out after 5 minutes (the default).
 */
public final class Simulator {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final String IMPORT = "param($Manifest, $P) $ErrorActionPreference = 'Stop'; Import-Module -Name $Manifest -Force; ";

    private final SessionOptions base;
    private final PwshEnvironment env;
    private final Duration timeout;

    private Simulator(SessionOptions base, PwshEnvironment env, Duration timeout) {
        this.base = base;
        this.env = env;
        this.timeout = timeout;
    }

    /** Operations with the default session options and the JVM's environment. */
    public static Simulator create() {
        return new Simulator(SessionOptions.defaults(), PwshEnvironment.system(), DEFAULT_TIMEOUT);
    }

    /** Operations whose pwsh sessions start from {@code base}; {@code env} gives the cache folder. */
    public static Simulator create(SessionOptions base, PwshEnvironment env) {
        return new Simulator(Objects.requireNonNull(base, "base"), Objects.requireNonNull(env, "env"), DEFAULT_TIMEOUT);
    }

    /**
     * Creates the tenant {@code spec} in {@code stateFile} (its folder is made) and returns what
     * {@link #info} returns. Refuses an existing state unless the spec says {@code force}.
     *
     * @throws SimulatorException with the module's text when the spec is refused
     */
    public JsonNode init(Path stateFile, TenantSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>(spec.parameters());
        p.put("State", stateFile.toAbsolutePath().toString());
        return one("New-ExoSimulatorTenant @P", p);
    }

    /** Describes the tenant in {@code stateFile} (no secrets: no password hashes, no signing key). */
    public JsonNode info(Path stateFile) {
        return one("Get-ExoSimulatorInfo -State $P.State", Map.of("State", stateFile.toAbsolutePath().toString()));
    }

    /**
     * Approves the device-code sign-ins waiting in {@code stateFile} ({@code code} {@code null}:
     * all of them) as {@code user} ({@code null}: the tenant's first user); returns the codes approved.
     */
    public List<JsonNode> approveDevice(Path stateFile, String code, String user) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("State", stateFile.toAbsolutePath().toString());
        if (code != null) {
            p.put("Code", code);
        }
        if (user != null) {
            p.put("UserPrincipalName", user);
        }
        return run("Approve-ExoSimulatorDevice @P", p);
    }

    /**
     * Writes one {@code ExchangeOnlineManagement.<version>.nupkg} per version into {@code dir}
     * (made if missing) with PSResourceGet's {@code Compress-PSResource}: a copy of the module with
     * its ModuleVersion rewritten; an existing package of that version is replaced. No versions:
     * the module's own. Returns one {@code {Version, Package}} per package.
     */
    public List<JsonNode> publish(Path dir, List<String> versions) {
        for (String v : versions) {
            if (!v.matches("\\d+\\.\\d+\\.\\d+(\\.\\d+)?")) {
                throw new SimulatorException("The version '" + v + "' is not a module version (like 3.10.1).", null);
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Source", SimulatorModule.folder(env).toString());
        p.put("To", dir.toAbsolutePath().toString());
        p.put("Versions", List.copyOf(versions));
        return run(PUBLISH, p);
    }

    private static final String PUBLISH = String.join("\n",
            "$versions = @($P.Versions)",
            "if ($versions.Count -eq 0) { $versions = @((Import-PowerShellDataFile (Join-Path $P.Source 'ExchangeOnlineManagement.psd1')).ModuleVersion) }",
            "$null = New-Item -ItemType Directory -Force -Path $P.To",
            "foreach ($v in $versions) {",
            "    $work = Join-Path ([IO.Path]::GetTempPath()) ('exo-simulator-publish-' + [Guid]::NewGuid())",
            "    $dir = Join-Path $work 'ExchangeOnlineManagement'",
            "    try {",
            "        $null = New-Item -ItemType Directory -Force -Path $work",
            "        Copy-Item -LiteralPath $P.Source -Destination $dir -Recurse",
            "        $psd1 = Join-Path $dir 'ExchangeOnlineManagement.psd1'",
            "        $text = [IO.File]::ReadAllText($psd1) -replace \"ModuleVersion\\s*=\\s*'[^']*'\", \"ModuleVersion     = '$v'\"",
            "        [IO.File]::WriteAllText($psd1, $text)",
            "        $package = Join-Path $P.To \"ExchangeOnlineManagement.$v.nupkg\"",
            "        if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package -Force }",
            "        Compress-PSResource -Path $dir -DestinationPath $P.To",
            "        if (-not (Test-Path -LiteralPath $package)) { throw \"Compress-PSResource wrote no $package\" }",
            "        [pscustomobject]@{ Version = $v; Package = $package }",
            "    } finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }",
            "}");

    private JsonNode one(String body, Map<String, Object> p) {
        List<JsonNode> out = run(body, p);
        if (out.isEmpty()) {
            throw new SimulatorException("the simulator returned nothing for: " + body + "; this is a bug in exo-bridge", null);
        }
        return out.get(out.size() - 1);
    }

    private List<JsonNode> run(String body, Map<String, Object> p) {
        Path manifest = SimulatorModule.manifest(env);
        try (PwshSession session = PwshSession.start(base)) {
            LOG.debug("simulator: {}", body);
            InvocationResult r = session.invoke(Invocation.script(IMPORT + body)
                    .param("Manifest", manifest.toString()).param("P", p).depth(4).timeout(timeout).build());
            return r.output().stream().map(ResultObject::json).toList();
        } catch (PowerShellErrorException e) {
            throw new SimulatorException(e.error().message(), e);
        }
    }
}
