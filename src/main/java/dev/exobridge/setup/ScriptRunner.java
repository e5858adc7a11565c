package dev.exobridge.setup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.exobridge.json.ResultObject;
import dev.exobridge.scripts.PsScripts;
import dev.exobridge.session.HostPromptException;
import dev.exobridge.session.Invocation;
import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.InvocationTimeoutException;
import dev.exobridge.session.PowerShellErrorException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionException;
import dev.exobridge.session.StreamListener;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the setup scripts of {@code ps-scripts/setup/} (packaged in the jar under
 * {@code /ps-scripts/setup/}) in a session. Values go in as parameters, never into the script
 * text. Each script runs in a fresh child scope with {@code common.ps1} dot-sourced into it, so
 * nothing it defines stays in the session's global scope. A terminating error becomes a
 * {@link SetupException} with the script's own message (the scripts throw sentences meant for
 * users).
 */
final class ScriptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);
    // Output is serialised at this depth, so nested objects (lists in a result) arrive whole.
    private static final int DEPTH = 6;
    // Runs the script text as a script block: '&' gives it a child scope of its own. The
    // session may run call scripts in its global scope, so the wrapper removes its own
    // parameters afterwards: a caller's session is left as it was.
    private static final String WRAPPER = String.join("\n",
            "param([string] $ExoBridgeCommon, [string] $ExoBridgeScript, [System.Collections.IDictionary] $ExoBridgeParameters)",
            "try {",
            "    & {",
            "        param($exoCommon, $exoScript, $exoParameters)",
            "        . ([scriptblock]::Create($exoCommon))",
            "        & ([scriptblock]::Create($exoScript)) @exoParameters",
            "    } $ExoBridgeCommon $ExoBridgeScript $ExoBridgeParameters",
            "} finally {",
            "    Remove-Variable -Name ExoBridgeCommon, ExoBridgeScript, ExoBridgeParameters -ErrorAction SilentlyContinue",
            "}");

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private final PwshSession session;
    private final Duration timeout;

    ScriptRunner(PwshSession session, Duration timeout) {
        this.session = Objects.requireNonNull(session, "session");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    PwshSession session() {
        return session;
    }

    /** Runs a script and maps its single (last) output object to {@code type}. */
    <T> T one(String script, Map<String, ?> parameters, StreamListener listener, Class<T> type) {
        InvocationResult result = invoke(script, parameters, listener);
        if (result.output().isEmpty()) {
            throw new SetupException("the setup script " + script + ".ps1 returned nothing"
                    + (result.hadErrors() ? "; it wrote: " + result.errors() : "") + "; this is a bug in exo-bridge");
        }
        return map(result.output().get(result.output().size() - 1).json(), type, script);
    }

    /** Runs a script and maps each output object to {@code type}. */
    <T> List<T> all(String script, Map<String, ?> parameters, Class<T> type) {
        return run(script, parameters, null).stream().map(n -> map(n, type, script)).toList();
    }

    /** Runs a script; its output objects as JSON. */
    List<JsonNode> run(String script, Map<String, ?> parameters, StreamListener listener) {
        return invoke(script, parameters, listener).output().stream().map(ResultObject::json).toList();
    }

    private InvocationResult invoke(String script, Map<String, ?> parameters, StreamListener listener) {
        Map<String, Object> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (v != null) {
                params.put(k, v);
            }
        });
        Invocation inv = Invocation.script(WRAPPER)
                .param("ExoBridgeCommon", text("common"))
                .param("ExoBridgeScript", text(script))
                .param("ExoBridgeParameters", params)
                .depth(DEPTH)
                .timeout(timeout)
                .listener(listener)
                .build();
        LOG.debug("running setup script {} with {}", script, params.keySet());
        try {
            return session.invoke(inv);
        } catch (PowerShellErrorException e) {
            throw new SetupException(e.error().message(), e);
        } catch (InvocationTimeoutException e) {
            throw new SetupException("The setup script " + script + " did not finish within " + timeout
                    + " and was stopped. A slow network or repository can cause this; try again or raise the timeout.", e);
        } catch (HostPromptException e) {
            throw new SetupException("The setup script " + script + " stopped at a prompt nobody can answer: "
                    + e.getMessage(), e);
        } catch (SessionException e) {
            throw new SetupException("Running the setup script " + script + " failed: " + e.getMessage(), e);
        }
    }

    private static <T> T map(JsonNode node, Class<T> type, String script) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new SetupException("the setup script " + script + ".ps1 returned " + node
                    + ", which does not fit " + type.getSimpleName() + "; this is a bug in exo-bridge", e);
        }
    }

    /** The text of {@code ps-scripts/setup/<name>.ps1} (see {@link PsScripts}). */
    static String text(String name) {
        return PsScripts.text("setup/" + name + ".ps1");
    }
}
