package dev.exobridge.setup;

import static dev.exobridge.setup.Sandbox.TEST_COMMAND;
import static dev.exobridge.setup.Sandbox.TEST_MODULE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.session.PwshSession;
import dev.exobridge.session.StreamKind;
import dev.exobridge.session.StreamListener;
import dev.exobridge.session.StreamRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install → list → update → list → uninstall → list against a folder repository holding real
 * packages at two versions (the test module published with Publish-PSResource, and Pester), for
 * PSResourceGet and for PowerShellGet, each in a pwsh with its own HOME.
 */
class ModuleLifecycleTest {
    @TempDir
    static Path work;
    static Path repo;

    @BeforeAll
    static void repository() throws Exception {
        repo = Sandbox.repository();
    }

    @Test
    void psResourceGetInstallsListsUpdatesAndUninstalls() throws Exception {
        Path home = Files.createDirectories(work.resolve("home-psrg"));
        try (PwshSession s = PwshSession.start(Sandbox.session(home))) {
            walk(s, PackageTool.PSRESOURCEGET, TEST_MODULE, "1.0.0", "2.0.0", TEST_COMMAND);
            walk(s, PackageTool.PSRESOURCEGET, "Pester", "5.7.1", "6.2.0", "Invoke-Pester");
        }
    }

    @Test
    void powerShellGetInstallsListsUpdatesAndUninstalls() throws Exception {
        Path home = Files.createDirectories(work.resolve("home-psget"));
        try (PwshSession s = PwshSession.start(Sandbox.session(home))) {
            walk(s, PackageTool.POWERSHELLGET, TEST_MODULE, "1.0.0", "2.0.0", TEST_COMMAND);
        }
    }

    private void walk(PwshSession s, PackageTool tool, String module, String older, String newer, String keyCommand) {
        RepositoryManager repos = new RepositoryManager(s, tool, ModuleManager.DEFAULT_TIMEOUT);
        RepositoryState registered = repos.ensure(RepositorySpec.folder("Local", repo).trusted(true));
        assertThat(registered.tool()).isEqualTo(tool.psName());
        assertThat(registered.trusted()).isTrue();
        assertThat(repos.ensure(RepositorySpec.folder("Local", repo).trusted(true)).done())
                .as("registering the same repository again changes nothing").isEmpty();

        ModuleManager modules = new ModuleManager(s, tool, ModuleManager.DEFAULT_TIMEOUT);
        ModuleSpec exact = ModuleSpec.of(module).repository("Local").version(VersionRequirement.exactly(older)).build();
        assertThat(modules.list(module)).isEmpty();

        List<StreamRecord> progress = new CopyOnWriteArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void onRecord(StreamRecord r) {
                if (r.kind() == StreamKind.PROGRESS) {
                    progress.add(r);
                }
            }
        };
        ModuleChange installed = modules.install(exact, listener);
        assertThat(installed.changed()).isTrue();
        assertThat(installed.version()).isEqualTo(older);
        assertThat(installed.tool()).isEqualTo(tool.psName());
        assertThat(installed.path()).startsWith(home(s)).endsWith(older);
        assertThat(progress).as("install progress reaches the listener")
                .anySatisfy(r -> assertThat(r.details().path("Activity").asText()).contains(module));
        assertThat(modules.install(exact, null).changed()).as("installing it again changes nothing").isFalse();
        assertThat(versions(modules.list(module))).containsExactly(older);
        ImportCheck imported = modules.checkImport(module, older, keyCommand);
        assertThat(imported.isOk()).as(imported.describe()).isTrue();
        assertThat(imported.version()).isEqualTo(older);

        ModuleSpec any = ModuleSpec.of(module).repository("Local").build();
        ModuleChange updated = modules.update(any, listener);
        assertThat(updated.changed()).isTrue();
        assertThat(updated.version()).isEqualTo(newer);
        assertThat(updated.previous()).containsExactly(older);
        assertThat(versions(modules.list(module))).containsExactly(newer, older);
        assertThat(modules.update(any, null).changed()).as("updating to the newest again changes nothing").isFalse();

        ModuleRemoval one = modules.uninstall(module, older);
        assertThat(one.removed()).containsExactly(older);
        assertThat(versions(modules.list(module))).containsExactly(newer);
        ModuleRemoval all = modules.uninstallAll(module);
        assertThat(all.removed()).containsExactly(newer);
        assertThat(modules.list(module)).isEmpty();
        assertThat(modules.uninstallAll(module).changed()).as("uninstalling what is gone changes nothing").isFalse();
    }

    private static String home(PwshSession s) {
        return s.invoke("$HOME").output().get(0).json().asText();
    }

    private static List<String> versions(List<InstalledModule> list) {
        return list.stream().map(InstalledModule::version).toList();
    }
}
