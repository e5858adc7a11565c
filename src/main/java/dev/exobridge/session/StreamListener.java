package dev.exobridge.session;

/**
 * Receives stream records and non-terminating errors while a call runs, in the order pwsh wrote
 * them, on the thread that consumes the call's results. Keep it quick: a slow listener slows the
 * call. The same records are in the {@link InvocationResult} afterwards.
 */
public interface StreamListener {
    /** A warning, verbose, debug, information or progress record. */
    default void onRecord(StreamRecord record) {
    }

    /** A non-terminating error record. */
    default void onError(PowerShellError error) {
    }

    /**
     * A host call that needs no answer: the host's write methods ({@code Write}, {@code WriteLine},
     * {@code WriteErrorLine}, {@code WriteWarningLine}, ...), {@code SetShouldExit} and the like,
     * which a console host would act on. Ignored by default.
     */
    default void onHostCall(HostHandler.Call call) {
    }

    /** A listener that ignores everything. */
    StreamListener NONE = new StreamListener() {
    };
}
