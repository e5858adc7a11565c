package dev.exobridge.session;

/** The same on the fast lane. */
class NonCharacterStringsFastLaneTest extends NonCharacterStringsTest implements SessionTestSupport.OnFastLane {
}
