package dev.exobridge.session;

/** Every round-trip test again, with the calls on the fast lane: the same results. */
class SessionRoundTripFastLaneTest extends SessionRoundTripTest implements SessionTestSupport.OnFastLane {
}
