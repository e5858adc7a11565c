package dev.exobridge.bench;

/** One contender of section 2: produces the objects and hands them over as Java JsonNodes. */
interface ObjectsContender extends Contender {
    /** One timed run over {@code objects} objects; throws {@link ContenderFailure} if it cannot. */
    ObjectsRun run(int objects);

    /**
     * Seconds from the contender's start line to its finish line, the CPU seconds its processes
     * used meanwhile (NaN: unknown), and how nested Manager arrived.
     */
    record ObjectsRun(double seconds, double cpuSeconds, String manager) {
    }
}
