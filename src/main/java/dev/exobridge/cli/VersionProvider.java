package dev.exobridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code --version} prints: exo-bridge's version (from the build), then the Java and OS it
 * runs on. It starts no pwsh, so it answers at once; {@code exo-bridge pwsh info} tells about pwsh.
 */
public final class VersionProvider implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/dev/exobridge/cli/version.properties";

    /** exo-bridge's version, or {@code "unknown"} when the build left no version resource. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "exo-bridge " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
            "OS " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"),
        };
    }
}
