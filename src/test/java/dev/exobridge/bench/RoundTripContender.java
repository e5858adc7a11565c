package dev.exobridge.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One contender of the warm round trip of {@code 1}. {@link RoundTripSection} asks it for one
 * round of calls at a time, contender after contender, so that noise on the machine falls on
 * every contender alike. A contender keeps what it may between rounds (a session) and lets go
 * of it in {@link #close()}.
 */
interface RoundTripContender extends Contender {
    /** Makes {@code calls} timed calls of {@code 1}; throws {@link ContenderFailure} if it cannot. */
    RoundFigures round(int calls);

    /**
     * One round's figures: every sample when the contender gives them (they are pooled over the
     * rounds), else only its own median and p99 (combined as the median of the rounds' figures).
     */
    record RoundFigures(double[] samplesMs, double medianMs, double p99Ms) {
        static RoundFigures ofSamples(double[] samplesMs) {
            return new RoundFigures(samplesMs, Stats.median(samplesMs), Stats.percentile(samplesMs, 99));
        }

        static RoundFigures ofSummary(double medianMs, double p99Ms) {
            return new RoundFigures(null, medianMs, p99Ms);
        }

        /** The samples of a driver's JSON line ({@code "samples_ms": [...]}). */
        static RoundFigures ofJson(JsonNode line, int expected) {
            JsonNode samples = line.path("samples_ms");
            if (samples.size() != expected) {
                throw new ContenderFailure("the driver returned " + samples.size() + " samples, not " + expected);
            }
            double[] ms = new double[samples.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = samples.get(i).asDouble();
            }
            return ofSamples(ms);
        }

        boolean hasSamples() {
            return samplesMs != null;
        }
    }
}
