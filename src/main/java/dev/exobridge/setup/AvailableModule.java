package dev.exobridge.setup;

/**
 * A module version found in a repository.
 *
 * @param name       the module
 * @param version    the version
 * @param repository the repository that has it
 */
public record AvailableModule(String name, String version, String repository) {
}
