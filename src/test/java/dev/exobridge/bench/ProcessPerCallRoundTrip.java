package dev.exobridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One {@code pwsh -NoProfile -Command 1} process per call, timed from process start to exit
 * with its output read. One untimed call first, so the files are in the page cache.
 */
final class ProcessPerCallRoundTrip implements RoundTripContender {
    private final List<String> command;
    private boolean warm;

    ProcessPerCallRoundTrip(Path pwsh) {
        this.command = List.of(pwsh.toString(), "-NoLogo", "-NoProfile", "-Command", "1");
    }

    @Override
    public String name() {
        return "pwsh -Command per call";
    }

    @Override
    public RoundFigures round(int calls) {
        if (!warm) {
            callOne();
            warm = true;
        }
        double[] samples = new double[calls];
        for (int i = 0; i < calls; i++) {
            samples[i] = callOne();
        }
        return RoundFigures.ofSamples(samples);
    }

    private double callOne() {
        ProcessRunner.Result result = ProcessRunner.run(command, Duration.ofSeconds(60)).requireSuccess();
        if (!result.stdout().trim().equals("1")) {
            throw new ContenderFailure("pwsh -Command 1 printed '" + result.stdout().trim() + "'");
        }
        return result.millis();
    }
}
