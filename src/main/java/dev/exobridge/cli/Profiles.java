package dev.exobridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.pwsh.PwshEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The profiles file: a JSON object of named profiles, each an object whose keys are the auth
 * options' names in camelCase, for example
 * {@code {"contoso": {"organization": "contoso.onmicrosoft.com", "appId": "...",
 * "certificateFile": "/secrets/contoso.pfx", "certificatePassword": "file:/secrets/contoso.pw"}}}.
 * A secret ({@code certificatePassword}, {@code accessToken}, {@code password}) appears only as a
 * reference, {@code file:PATH} or {@code env:NAME}. Default place:
 * {@code $XDG_CONFIG_HOME/exo-bridge/profiles.json}, else {@code ~/.config/exo-bridge/profiles.json}.
 * The file is refused when others may read or write it ({@link SecretFiles#checkMode}).
 */
final class Profiles {
    /** Keys with a plain value. */
    static final Set<String> PLAIN = Set.of("organization", "appId", "certificateFile", "certificateThumbprint",
            "managedIdentity", "managedIdentityId", "device", "user", "exchangeEnvironment", "delegatedOrganization",
            "commandName");
    /** Keys whose value is a secret reference. */
    static final Set<String> SECRETS = Set.of("certificatePassword", "accessToken", "password");

    private Profiles() {
    }

    /** Where the profiles file is when {@code --profiles} is not given. */
    static Path defaultFile(PwshEnvironment env) {
        Optional<Path> xdg = env.variable("XDG_CONFIG_HOME").map(Path::of).filter(Path::isAbsolute);
        return xdg.orElse(env.userHome().resolve(".config")).resolve("exo-bridge").resolve("profiles.json");
    }

    /**
     * The profile {@code name} from {@code file}: plain values as text, secret references as given.
     *
     * @throws UsageException for a missing file or profile, a bad mode, bad JSON, an unknown key, or
     *                        a secret given as a value instead of a reference
     */
    static Map<String, String> load(Path file, String name) {
        SecretFiles.checkMode(file, "the profiles file");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new UsageException("the profiles file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new UsageException("the profiles file " + file + ": cannot read it: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode)) {
            throw new UsageException("the profiles file " + file + " must hold a JSON object of named profiles");
        }
        JsonNode p = root.get(name);
        if (p == null) {
            List<String> names = new ArrayList<>();
            root.fieldNames().forEachRemaining(names::add);
            throw new UsageException("no profile '" + name + "' in " + file + (names.isEmpty() ? "" : "; it has: "
                    + String.join(", ", names)));
        }
        if (!(p instanceof ObjectNode)) {
            throw new UsageException("profile '" + name + "' in " + file + " must be a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String where = "profile '" + name + "' in " + file + ": " + key;
            if (SECRETS.contains(key)) {
                String ref = v.isTextual() ? v.asText() : "";
                if (!ref.startsWith("file:") && !ref.startsWith("env:")) {
                    // Never echo the value: it may be the secret itself.
                    throw new UsageException(where + " must be a reference, file:PATH or env:NAME, never the secret "
                            + "itself");
                }
                out.put(key, ref);
            } else if (PLAIN.contains(key)) {
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(i -> items.add(i.asText()));
                    out.put(key, String.join(",", items));
                } else if (v.isValueNode() && !v.isNull()) {
                    out.put(key, v.asText());
                } else {
                    throw new UsageException(where + " must be a string" + ("commandName".equals(key) ? " or an array"
                            : ""));
                }
            } else {
                throw new UsageException(where + " is not a known key; known: " + String.join(", ",
                        new java.util.TreeSet<>(union())));
            }
        }
        return out;
    }

    private static Set<String> union() {
        Set<String> all = new java.util.HashSet<>(PLAIN);
        all.addAll(SECRETS);
        return all;
    }
}
