package dev.exobridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The floor of section 2: pwsh alone producing the objects and dropping them
 * ({@code <producer> | Out-Null}), timed with a Stopwatch inside one pwsh after a warm-up run of
 * 1,000, so neither process start nor any transport counts. No client can beat it. CPU: the
 * process's own TotalProcessorTime over the same span.
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
                + "$me = [Diagnostics.Process]::GetCurrentProcess(); $cpu = $me.TotalProcessorTime; "
                + "$sw = [Diagnostics.Stopwatch]::StartNew(); "
                + Producers.of(Producers.TEN_PROPERTIES, objects) + " | Out-Null; "
                + "$ms = $sw.Elapsed.TotalMilliseconds; $me.Refresh(); "
                + "'{0} {1}' -f $ms.ToString([cultureinfo]::InvariantCulture), "
                + "($me.TotalProcessorTime - $cpu).TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)";
        ProcessRunner.Result result = ProcessRunner.run(List.of(pwsh.toString(), "-NoLogo", "-NoProfile",
                "-Command", script), Duration.ofSeconds(300 + objects / 100)).requireSuccess();
        try {
            String[] figures = result.stdout().trim().split(" ");
            return new ObjectsRun(Double.parseDouble(figures[0]) / 1000, Double.parseDouble(figures[1]) / 1000, "-");
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new ContenderFailure("the floor script printed '" + result.stdout().trim() + "'");
        }
    }
}
