package dev.exobridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The floor of section 2: pwsh alone producing the objects and dropping them
 * ({@code <producer> | Out-Null}), timed with a Stopwatch inside one pwsh after a warm-up run of
 * 1,000, so neither process start nor any transport counts. No client can beat it.
 */
final class PwshFloor implements ObjectsContender {
    private final Path pwsh;

    PwshFloor(Path pwsh) {
        this.pwsh = pwsh;
    }

    @Override
    public String name() {
        return "floor: pwsh alone | Out-Null";
    }

    @Override
    public ObjectsRun run(int objects) {
        String script = Producers.of(Producers.TEN_PROPERTIES, 1000) + " | Out-Null; "
                + "$sw = [Diagnostics.Stopwatch]::StartNew(); "
                + Producers.of(Producers.TEN_PROPERTIES, objects) + " | Out-Null; "
                + "$sw.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)";
        ProcessRunner.Result result = ProcessRunner.run(List.of(pwsh.toString(), "-NoLogo", "-NoProfile",
                "-Command", script), Duration.ofSeconds(300 + objects / 100)).requireSuccess();
        try {
            return new ObjectsRun(Double.parseDouble(result.stdout().trim()) / 1000, "-");
        } catch (NumberFormatException e) {
            throw new ContenderFailure("the floor script printed '" + result.stdout().trim() + "'");
        }
    }
}
