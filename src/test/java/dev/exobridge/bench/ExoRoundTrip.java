package dev.exobridge.bench;

import dev.exobridge.session.InvocationResult;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;

/** exo-bridge: one {@link PwshSession} with default options, kept across rounds, {@code invoke("1")}. */
final class ExoRoundTrip implements RoundTripContender {
    private final Path pwsh;
    private final int warmUp;
    private PwshSession session;

    ExoRoundTrip(Path pwsh, int warmUp) {
        this.pwsh = pwsh;
        this.warmUp = warmUp;
    }

    @Override
    public String name() {
        return "exo-bridge";
    }

    @Override
    public RoundFigures round(int calls) {
        if (session == null) {
            session = PwshSession.start(SessionOptions.builder().pwsh(pwsh).build());
            for (int i = 0; i < warmUp; i++) { // the JIT on our side, the script cache on pwsh's
                callOne();
            }
        }
        double[] samples = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            InvocationResult result = session.invoke("1");
            samples[i] = (System.nanoTime() - start) / 1e6;
            check(result);
        }
        return RoundFigures.ofSamples(samples);
    }

    private void callOne() {
        check(session.invoke("1"));
    }

    private static void check(InvocationResult result) {
        if (result.output().size() != 1 || !result.output().get(0).json().isNumber()
                || result.output().get(0).json().asInt() != 1) {
            String text = result.output().stream().map(o -> o.json().toString()).toList().toString();
            throw new ContenderFailure("'1' returned " + (text.length() > 120 ? text.substring(0, 117) + "..." : text)
                    + ", not the number 1");
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
