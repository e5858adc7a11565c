package dev.exobridge.setup;

import static dev.exobridge.setup.Sandbox.TEST_MODULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.session.Invocation;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and faults: each gives a clear error naming what was wrong, and leaves the installed
 * modules as they were (the test module 1.0.0 is installed before each fault and must still be
 * the only thing installed after it). One pwsh with its own HOME serves the class.
 */
class ModuleFaultTest {
    @TempDir
    static Path work;
    static Path repo;
    static Path home;
    static PwshSession session;
    static ModuleManager modules;
    static RepositoryManager repos;

    @BeforeAll
    static void start() throws Exception {
        repo = Sandbox.repository();
        home = Files.createDirectories(work.resolve("home"));
        session = PwshSession.start(Sandbox.session(home));
        modules = new ModuleManager(session);
        repos = new RepositoryManager(session);
        repos.ensure(RepositorySpec.folder("Local", repo).trusted(true));
        modules.install(spec("Local").version(VersionRequirement.exactly("1.0.0")).build(), null);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.close();
        }
    }

    @BeforeEach
    void previousStateIsTheTestModuleAtOneDotZero() {
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void unknownModuleIsNamedWithTheRepository() {
        assertThatThrownBy(() -> modules.install(ModuleSpec.of("NoSuchModule").repository("Local").build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Module 'NoSuchModule' was not found in repository 'Local'");
        assertThat(modules.list("NoSuchModule")).isEmpty();
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void versionNotInTheRepositoryListsTheVersionsThatAre() {
        assertThatThrownBy(() -> modules.install(spec("Local").version(VersionRequirement.exactly("9.9.9")).build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Repository 'Local' has no version 9.9.9 of module '" + TEST_MODULE + "'")
                .hasMessageContaining("2.0.0, 1.0.0");
        assertThatThrownBy(() -> modules.update(spec("Local").version(VersionRequirement.atLeast("3.0.0")).build(), null))
                .hasMessageContaining("version 3.0.0 or newer");
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void missingRepositoryFolderIsNamed() throws IOException {
        Path gone = work.resolve("gone-repo");
        RepositoryState state = repos.check(RepositorySpec.folder("Gone", gone));
        assertThat(state.problem()).contains("'" + gone + "'").contains("'Gone'").contains("does not exist");
        assertThatThrownBy(() -> repos.ensure(RepositorySpec.folder("Gone", gone)))
                .isInstanceOf(SetupException.class).hasMessageContaining("'Gone'");
        assertThat(repos.check(RepositorySpec.folder("Gone", gone)).registered()).as("nothing registered").isFalse();

        // A repository whose folder disappears after it was registered.
        Path vanishing = Files.createDirectories(work.resolve("vanishing-repo"));
        repos.ensure(RepositorySpec.folder("Vanishing", vanishing).trusted(true));
        Files.delete(vanishing);
        assertThatThrownBy(() -> modules.update(spec("Vanishing").build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("The folder '" + vanishing + "' of repository 'Vanishing' does not exist");
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void corruptPackageFileIsNamedAndNothingIsInstalled() throws IOException {
        Path broken = Files.createDirectories(work.resolve("broken-repo"));
        Files.copy(repo.resolve(TEST_MODULE + ".1.0.0.nupkg"), broken.resolve(TEST_MODULE + ".1.0.0.nupkg"));
        // A package cut short in transfer: half of a real one.
        byte[] whole = Files.readAllBytes(repo.resolve(TEST_MODULE + ".2.0.0.nupkg"));
        Files.write(broken.resolve(TEST_MODULE + ".3.0.0.nupkg"), Arrays.copyOf(whole, whole.length / 2));
        repos.ensure(RepositorySpec.folder("Broken", broken).trusted(true));

        assertThatThrownBy(() -> modules.install(spec("Broken").version(VersionRequirement.exactly("3.0.0")).build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining(TEST_MODULE + ".3.0.0.nupkg")
                .hasMessageContaining("'Broken'")
                .hasMessageContaining("damaged");
        assertThat(installed()).containsExactly("1.0.0");
        assertThat(home.resolve(".local/share/powershell/Modules/" + TEST_MODULE + "/3.0.0")).doesNotExist();
    }

    @Test
    void moduleNeedingANewerPwshIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path future = Files.createDirectories(work.resolve("future-repo"));
        Sandbox.derive(future, "3.0.0", "99.0");
        repos.ensure(RepositorySpec.folder("Future", future).trusted(true));
        assertThatThrownBy(() -> modules.update(spec("Future").build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining(TEST_MODULE + "' 3.0.0 needs PowerShell 99.0")
                .hasMessageContaining("Nothing was installed");
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void untrustedRepositoryFailsInsteadOfPrompting() throws IOException {
        Path plain = Files.createDirectories(work.resolve("untrusted-repo"));
        Files.copy(repo.resolve(TEST_MODULE + ".2.0.0.nupkg"), plain.resolve(TEST_MODULE + ".2.0.0.nupkg"));
        repos.ensure(RepositorySpec.folder("Untrusted", plain));
        assertThatThrownBy(() -> modules.update(spec("Untrusted").build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Repository 'Untrusted' is not trusted");
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void unreachableRepositoryIsNamed() {
        URI nothingListens = URI.create("http://127.0.0.1:9/");
        RepositoryState state = repos.check(RepositorySpec.url("Net", nothingListens));
        assertThat(state.problem()).contains("Cannot reach repository 'Net' at http://127.0.0.1:9/");
        assertThatThrownBy(() -> repos.ensure(RepositorySpec.url("Net", nothingListens)))
                .isInstanceOf(SetupException.class).hasMessageContaining("'Net'");

        // Registered anyway (by hand): installing from it names it too.
        session.invoke(Invocation.script("param($Uri) Register-PSResourceRepository -Name Net -Uri $Uri -Trusted")
                .param("Uri", nothingListens.toString()).build());
        assertThatThrownBy(() -> modules.update(spec("Net").build(), null))
                .isInstanceOf(SetupException.class)
                .hasMessageContaining("Cannot reach repository 'Net' at http://127.0.0.1:9/");
        assertThat(installed()).containsExactly("1.0.0");
    }

    @Test
    void moduleFolderThatCannotBeCreatedIsNamed() throws IOException {
        // Root may write anywhere, so block the folder with a file where a folder must be made.
        Path blockedHome = Files.createDirectories(work.resolve("blocked-home"));
        Path share = blockedHome.resolve(".local").resolve("share");
        Files.createDirectories(share);
        Path blocker = share.resolve("powershell");
        Files.writeString(blocker, "a file where pwsh's folder belongs\n");
        try (PwshSession s = PwshSession.start(Sandbox.session(blockedHome))) {
            ModuleManager m = new ModuleManager(s);
            new RepositoryManager(s).ensure(RepositorySpec.folder("Local", repo).trusted(true));
            assertThatThrownBy(() -> m.install(spec("Local").build(), null))
                    .isInstanceOf(SetupException.class)
                    .hasMessageContaining("Cannot create the module folder for scope CurrentUser")
                    .hasMessageContaining("'" + blocker + "' is a file, not a folder");
            assertThat(m.list(TEST_MODULE)).isEmpty();
        }
        assertThat(Files.readString(blocker)).as("the file in the way is untouched").startsWith("a file where");
    }

    @Test
    void userFoldersNotMadeYetAreMadeInsteadOfUsingTheWorkingDirectory() throws IOException {
        // Regression: with XDG_DATA_HOME naming a folder that did not exist yet, .NET reported it
        // as "" and PSResourceGet wrote its repository list into the working directory.
        Path freshHome = Files.createDirectories(work.resolve("fresh-home"));
        Path cwd = Files.createDirectories(work.resolve("fresh-cwd"));
        SessionOptions options = Sandbox.session(freshHome, false).toBuilder().workingDirectory(cwd).build();
        try (PwshSession s = PwshSession.start(options)) {
            new RepositoryManager(s).ensure(RepositorySpec.folder("Local", repo).trusted(true));
            ModuleChange c = new ModuleManager(s).install(spec("Local").version(VersionRequirement.exactly("1.0.0")).build(), null);
            assertThat(c.path()).isEqualTo(freshHome.resolve(".local/share/powershell/Modules/" + TEST_MODULE + "/1.0.0").toString());
        }
        assertThat(freshHome.resolve(".local/share/PSResourceGet/PSResourceRepository.xml")).isRegularFile();
        try (var entries = Files.list(cwd)) {
            assertThat(entries).as("nothing written into the working directory").isEmpty();
        }
    }

    @Test
    void badNamesAndVersionsAreRefusedBeforePwshIsAsked() {
        assertThatThrownBy(() -> ModuleSpec.of("Pester*")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Pester*' is not a module name");
        assertThatThrownBy(() -> VersionRequirement.exactly("latest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'latest' is not a module version");
        assertThatThrownBy(() -> modules.uninstall(TEST_MODULE, "1.0; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> modules.install(ModuleSpec.of(TEST_MODULE).build(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no repository is named");
    }

    @Test
    void theCallersSessionIsLeftAsItWas() {
        // Every script above ran in this session; none of their variables or settings stayed.
        String probe = "[pscustomobject]@{ Eap = \"$ErrorActionPreference\"; "
                + "Leaked = (@(Get-Variable -Name ExoBridge*, exo*, tool, repo, target -ErrorAction SilentlyContinue).Name -join ','); "
                + "Functions = @(Get-ChildItem -Path function:/*-Exo*).Count; "
                + "Strict = try { $null = $undefinedVariable; 'off' } catch { 'on' } }";
        var state = session.invoke(probe).output().get(0).json();
        assertThat(state.path("Eap").asText()).isEqualTo("Continue");
        assertThat(state.path("Leaked").asText()).isEmpty();
        assertThat(state.path("Functions").asInt()).isZero();
        assertThat(state.path("Strict").asText()).isEqualTo("off");
    }

    private static ModuleSpec.Builder spec(String repository) {
        return ModuleSpec.of(TEST_MODULE).repository(repository);
    }

    private static List<String> installed() {
        return modules.list(TEST_MODULE).stream().map(InstalledModule::version).toList();
    }
}
