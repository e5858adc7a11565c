package dev.exobridge.session;

/** Every error, stream and prompt test again, with the calls on the fast lane: the same results. */
class SessionStreamsFastLaneTest extends SessionStreamsTest implements SessionTestSupport.OnFastLane {
}
