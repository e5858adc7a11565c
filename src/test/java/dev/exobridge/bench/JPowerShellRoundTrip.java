package dev.exobridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * jPowerShell 3.1.1 on the same pwsh, in a child JVM per round ({@link JPowerShellDriver}): the
 * child gets {@code TERM=dumb}, which jPowerShell needs and cannot set itself, and a hang is
 * killed without touching this JVM. Its open (a fixed 5 s wait) is outside the timed calls.
 */
final class JPowerShellRoundTrip implements RoundTripContender {
    private static final int WARM_UP = 20; // ~55 ms a call: the JIT does not matter at that scale

    private final Path pwsh;

    JPowerShellRoundTrip(Path pwsh) {
        this.pwsh = pwsh;
    }

    @Override
    public String name() {
        return "jPowerShell 3.1.1";
    }

    @Override
    public RoundFigures round(int calls) {
        List<String> command = ChildJvm.command(List.of("-Xmx256m"), JPowerShellDriver.class,
                List.of(pwsh.toString(), String.valueOf(calls), String.valueOf(WARM_UP)));
        ProcessRunner.Result result = ProcessRunner.run(command, Duration.ofSeconds(60 + (calls + WARM_UP) / 5));
        return RoundFigures.ofJson(result.jsonLine(), calls);
    }
}
