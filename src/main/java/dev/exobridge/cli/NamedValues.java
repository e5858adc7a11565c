package dev.exobridge.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code --param NAME=VALUE} (a string), {@code --param NAME} (a switch: {@code true}) and {@code --param-json NAME=JSON} (a typed value:
 * number, boolean, null, array, object as a hashtable) into named parameters, in the order given.
 * The text is split at the first {@code =}, so a value may hold more of them. A name may come
 * only once across both options.
 */
final class NamedValues {
    /** Fails on anything after the value ({@code 1 2}), which would otherwise be dropped silently. */
    private static final ObjectReader STRICT = JsonOutput.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private NamedValues() {
    }

    /**
     * The parameters by name.
     *
     * @throws UsageException when an entry has no {@code =} or no name, a name repeats, or the JSON does not parse
     */
    static Map<String, Object> parse(List<String> strings, List<String> jsons) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String entry : strings) {
            if (entry.indexOf('=') < 0) {
                // --param Force: a switch, as -Force on pwsh's command line.
                String[] nv = split(entry + "=", "--param", "NAME=VALUE or NAME", "--param Name=Ada or --param Force");
                put(params, nv[0], Boolean.TRUE);
                continue;
            }
            String[] nv = split(entry, "--param", "NAME=VALUE", "--param Name=Ada");
            put(params, nv[0], nv[1]);
        }
        for (String entry : jsons) {
            String[] nv = split(entry, "--param-json", "NAME=JSON", "--param-json Count=3 or --param-json 'Tags=[\"a\",\"b\"]'");
            JsonNode node;
            try {
                node = STRICT.readTree(nv[1]);
            } catch (JacksonException e) {
                throw new UsageException("--param-json " + nv[0] + ": the value is not JSON (" + e.getOriginalMessage()
                        + "); quote it for the shell, e.g. --param-json 'Name={\"a\":1}', or use --param for a plain string");
            }
            if (node == null || node.isMissingNode()) {
                throw new UsageException("--param-json " + nv[0] + ": the value is empty; give JSON such as 1, true, "
                        + "null, \"text\", [1,2] or {\"a\":1}");
            }
            put(params, nv[0], node);
        }
        return params;
    }

    private static String[] split(String entry, String option, String form, String example) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            throw new UsageException(option + " '" + entry + "' is not " + form + "; for example " + example);
        }
        String name = entry.substring(0, eq).strip();
        if (name.startsWith("-") || name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new UsageException(option + " '" + entry + "': '" + name + "' is not a parameter name; give it "
                    + "without a dash and without spaces, for example " + example);
        }
        return new String[] {name, entry.substring(eq + 1)};
    }

    private static void put(Map<String, Object> params, String name, Object value) {
        for (String existing : params.keySet()) {
            if (existing.equalsIgnoreCase(name)) {
                throw new UsageException("the parameter " + name + " is given twice; give each parameter once "
                        + "(PowerShell parameter names ignore case)");
            }
        }
        params.put(name, value);
    }
}
