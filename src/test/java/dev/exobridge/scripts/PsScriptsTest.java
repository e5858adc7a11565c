package dev.exobridge.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.exobridge.pwsh.PwshEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one loader of the product's PowerShell: texts and extracted folders. */
class PsScriptsTest {
    @TempDir
    Path dir;

    @Test
    void textsOfEveryKindComeFromTheOneHome() {
        assertThat(PsScripts.text("session/fast-lane.ps1")).isNotBlank();
        assertThat(PsScripts.text("session/output-batch.ps1")).isNotBlank();
        assertThat(PsScripts.text("setup/common.ps1")).isNotBlank();
        assertThatThrownBy(() -> PsScripts.text("setup/no-such.ps1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/ps-scripts/setup/no-such.ps1 is not on the class path");
    }

    @Test
    void extractsAWholeFolderNamedAfterItsContent() throws Exception {
        Path module = PsScripts.extract("exchange-simulator", "ExchangeOnlineManagement", dir.resolve("cache"));
        assertThat(module.getFileName().toString()).isEqualTo("ExchangeOnlineManagement");
        assertThat(module.resolve("ExchangeOnlineManagement.psd1")).isRegularFile();
        assertThat(module.resolve("private/State.ps1")).isRegularFile();
        Map<String, byte[]> files = PsScripts.folderFiles("exchange-simulator");
        assertThat(module.getParent().getFileName().toString()).isEqualTo("exchange-simulator-" + PsScripts.contentHash(files));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertThat(Files.readAllBytes(module.resolve(f.getKey()))).isEqualTo(f.getValue());
        }
        try (Stream<Path> left = Files.list(dir.resolve("cache"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
        assertThat(PsScripts.extract("exchange-simulator", "ExchangeOnlineManagement", dir.resolve("cache"))).isEqualTo(module);
    }

    @Test
    void readsTheFolderFromAJarAsFromTheClassesFolder() throws Exception {
        Map<String, byte[]> fromClasses = PsScripts.folderFiles("exchange-simulator");
        Path jar = dir.resolve("exo.jar");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            // Directory entries as the jar plugin writes them, so the folder itself is a resource.
            for (String d : List.of("ps-scripts/", "ps-scripts/exchange-simulator/", "ps-scripts/exchange-simulator/private/")) {
                zip.putNextEntry(new java.util.zip.ZipEntry(d));
                zip.closeEntry();
            }
            for (Map.Entry<String, byte[]> f : fromClasses.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry("ps-scripts/exchange-simulator/" + f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Map<String, byte[]> fromJar = PsScripts.folderFiles(loader, "exchange-simulator");
            assertThat(fromJar.keySet()).isEqualTo(fromClasses.keySet());
            assertThat(PsScripts.contentHash(new java.util.TreeMap<>(fromJar))).isEqualTo(PsScripts.contentHash(fromClasses));
            assertThatThrownBy(() -> PsScripts.folderFiles(loader, "missing")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("/ps-scripts/missing/ is not on the class path");
        }
    }

    @Test
    void theHashChangesWithTheContent() {
        Map<String, byte[]> a = new HashMap<>(Map.of("a.ps1", new byte[] {1, 2}));
        String before = PsScripts.contentHash(new java.util.TreeMap<>(a));
        a.put("a.ps1", new byte[] {1, 3});
        assertThat(PsScripts.contentHash(new java.util.TreeMap<>(a))).isNotEqualTo(before);
        assertThat(PsScripts.contentHash(new java.util.TreeMap<>(Map.of("b.ps1", new byte[] {1, 2})))).isNotEqualTo(before);
    }

    @Test
    void manyExtractingAtOnceAllGetTheWholeFolder() throws Exception {
        Path root = dir.resolve("race");
        // A fresh key per call: each call must really extract (not reuse this JVM's answer).
        List<CompletableFuture<Path>> all = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> PsScripts.extract("exchange-simulator", "ExchangeOnlineManagement", root.resolve("..").resolve("race"))))
                .toList();
        Path first = all.get(0).get().normalize();
        for (CompletableFuture<Path> f : all) {
            assertThat(f.get().normalize()).isEqualTo(first);
        }
        assertThat(first.resolve("ExchangeOnlineManagement.psm1")).isRegularFile();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    @Test
    void anUnwritableCacheFallsBackToTheTempFolder() throws Exception {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Path module = PsScripts.extract("exchange-simulator", "ExchangeOnlineManagement", notADir.resolve("cache"));
        assertThat(module.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).isTrue();
        assertThat(module.resolve("ExchangeOnlineManagement.psd1")).isRegularFile();
    }

    @Test
    void cacheRootFollowsTheEnvironment() {
        PwshEnvironment linux = new PwshEnvironment(Map.of(), "Linux", Path.of("/home/u"));
        assertThat(PsScripts.defaultCacheRoot(linux)).isEqualTo(Path.of("/home/u/.cache/exo-bridge/ps-scripts"));
        assertThat(PsScripts.defaultCacheRoot(linux.withVariable("XDG_CACHE_HOME", "/x"))).isEqualTo(Path.of("/x/exo-bridge/ps-scripts"));
        assertThat(PsScripts.defaultCacheRoot(linux.withVariable("XDG_CACHE_HOME", "relative"))).isEqualTo(Path.of("/home/u/.cache/exo-bridge/ps-scripts"));
        PwshEnvironment windows = new PwshEnvironment(Map.of("LOCALAPPDATA", "C:\\Users\\u\\AppData\\Local"), "Windows 11", Path.of("/home/u"));
        assertThat(PsScripts.defaultCacheRoot(windows).toString()).startsWith("C:\\Users\\u\\AppData\\Local").endsWith("ps-scripts");
    }
}
