package dev.exobridge.bench;

/** One of the five measurements of issue 7; it runs its contenders and reports. */
interface Section {
    /** The name on the command line and in results.json. */
    String key();

    SectionReport run(BenchContext context);
}
