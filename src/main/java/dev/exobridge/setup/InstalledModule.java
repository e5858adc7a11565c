package dev.exobridge.setup;

/**
 * One installed copy of a module that pwsh can load.
 *
 * @param name              the module name
 * @param version           its version, with a pre-release label when it has one ({@code 3.5.0-preview1})
 * @param path              its folder (the module base)
 * @param powerShellVersion the {@code PowerShellVersion} its manifest declares, or {@code null}
 * @param simulator         whether its manifest has the tag {@code Simulator}: exo-bridge's Exchange
 *                          Online simulator, not Microsoft's module (docs/simulator.md)
 */
public record InstalledModule(String name, String version, String path, String powerShellVersion, boolean simulator) {
}
