package dev.exobridge.session;

import dev.exobridge.psrp.Markers;
import dev.exobridge.psrp.clixml.PsValue;

/**
 * Where a call runs: on the fast lane, as call {@code laneCall} of its one pipeline, or in a
 * pipeline of its own; and the inbox its messages arrive in.
 *
 * @param inbox    the pipeline's inbox (the lane's, or the call's own)
 * @param lane     the lane, or {@code null} for a pipeline of its own
 * @param laneCall the call's id on the lane
 */
record CallRoute(PipelineInbox inbox, FastLane lane, long laneCall) {
    /** A pipeline of the call's own. */
    static CallRoute own(PipelineInbox inbox) {
        return new CallRoute(inbox, null, 0);
    }

    boolean onLane() {
        return lane != null;
    }

    /** This call's end marker on the lane, if {@code v} is it; never on a pipeline of its own. */
    Markers.CallEnd endOf(PsValue v) {
        if (lane == null) {
            return null;
        }
        Markers.CallEnd end = lane.endMarker(v);
        return end != null && end.call() == laneCall ? end : null;
    }

    /** The pipeline itself ended (or broke): on the lane, the next call starts a new lane. */
    void pipelineEnded() {
        if (lane != null) {
            lane.ended();
        }
    }

    /** An error as the call would have reported it in a pipeline of its own. */
    PowerShellError asReported(PowerShellError e) {
        return lane == null ? e : FastLane.withoutLane(e);
    }
}
