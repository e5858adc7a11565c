package dev.exobridge.session;

/** Every hostile-input test again, with the calls on the fast lane (the default for one runspace). */
class HostileInputFastLaneTest extends HostileInputTest implements SessionTestSupport.OnFastLane {
}
