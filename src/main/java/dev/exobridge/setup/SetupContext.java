package dev.exobridge.setup;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** What the steps of one setup run share: its options, its session (through the runner) and helpers. */
final class SetupContext {
    private final SetupOptions options;
    private final ScriptRunner runner;
    private final ModuleManager modules;
    private final RepositoryManager repositories;
    private PlatformInfo platform;
    private String repositoryName;

    SetupContext(SetupOptions options, ScriptRunner runner) {
        this.options = options;
        this.runner = runner;
        this.modules = new ModuleManager(runner, options.tool());
        this.repositories = new RepositoryManager(runner, options.tool());
    }

    SetupOptions options() {
        return options;
    }

    /** What the session's pwsh says about itself; asked once per run. */
    PlatformInfo platform() {
        if (platform == null) {
            platform = runner.one("platform", Map.of(), null, PlatformInfo.class);
        }
        return platform;
    }

    ScriptRunner runner() {
        return runner;
    }

    ModuleManager modules() {
        return modules;
    }

    RepositoryManager repositories() {
        return repositories;
    }

    /** The module spec with the repository step's repository filled in when it names none; {@code null} for no module. */
    ModuleSpec moduleSpec() {
        ModuleSpec m = options.module();
        if (m == null || m.repository() != null) {
            return m;
        }
        return m.toBuilder().repository(repositoryName != null ? repositoryName : options.repository().name()).build();
    }

    /** The name the repository step found the repository under (another name when its location was registered already). */
    void repositoryFound(String name) {
        this.repositoryName = name;
    }

    /**
     * Runs a step script in Check or Apply mode; its result object as JSON, with the first letter
     * of each top-level property lower-cased ({@code NeedsChange} becomes {@code needsChange}) so
     * every step's details read alike.
     */
    ObjectNode script(String name, Map<String, ?> params) {
        ObjectNode raw = runner.one(name, params, options.listener(), ObjectNode.class);
        ObjectNode out = raw.objectNode();
        raw.properties().forEach(e -> out.set(Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1), e.getValue()));
        return out;
    }

    /** A value (record, list) as a JSON object for a step's details. */
    static ObjectNode json(Object value) {
        return ScriptRunner.MAPPER.valueToTree(value);
    }
}
