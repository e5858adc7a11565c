package dev.exobridge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM on this JVM's java binary and class path, for contenders
 * that must run apart: jPowerShell (its own threads and environment) and the memory run
 * (its own small heap).
 */
final class ChildJvm {
    private ChildJvm() {
    }

    static List<String> command(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }
}
