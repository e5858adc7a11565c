package dev.exobridge.bench;

/** Something measured against exo-bridge (or exo-bridge itself), named as the tables show it. */
interface Contender extends AutoCloseable {
    String name();

    /** Lets go of what the contender kept between rounds (a session); never throws. */
    @Override
    default void close() {
    }
}
