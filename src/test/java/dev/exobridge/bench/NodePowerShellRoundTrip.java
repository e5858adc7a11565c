package dev.exobridge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * node-powershell 5.0.1 on the same pwsh, through {@code scripts/bench/node-powershell.js}: one
 * node process and shell per round, warm-up calls first, every sample printed. node-powershell is
 * installed with npm by scripts/bench.sh into the node prefix.
 */
final class NodePowerShellRoundTrip implements RoundTripContender {
    private final Path pwsh;
    private final Path driver;
    private final Path prefix;
    private final int warmUp;

    NodePowerShellRoundTrip(Path pwsh, Path driver, Path prefix, int warmUp) {
        this.pwsh = pwsh;
        this.driver = driver;
        this.prefix = prefix;
        this.warmUp = warmUp;
    }

    @Override
    public String name() {
        return "node-powershell 5.0.1";
    }

    @Override
    public RoundFigures round(int calls) {
        if (!Files.isRegularFile(prefix.resolve("node_modules/node-powershell/package.json"))) {
            throw new ContenderFailure("node-powershell is not installed under " + prefix
                    + " (scripts/bench.sh installs it with npm)");
        }
        if (!Files.isRegularFile(driver)) {
            throw new ContenderFailure("node driver not found: " + driver);
        }
        List<String> command = List.of("node", driver.toString(), prefix.toAbsolutePath().toString(),
                pwsh.toString(), String.valueOf(calls), String.valueOf(warmUp));
        ProcessRunner.Result result = ProcessRunner.run(command, Duration.ofSeconds(60 + (calls + warmUp) / 10));
        return RoundFigures.ofJson(result.jsonLine(), calls);
    }
}
