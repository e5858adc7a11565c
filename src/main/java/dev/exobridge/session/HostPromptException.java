package dev.exobridge.session;

/**
 * The script asked for user input (Read-Host, a credential, a choice or confirmation prompt) and
 * no {@link HostHandler} answered it. The prompt failed inside pwsh instead of hanging.
 */
public class HostPromptException extends SessionException {
    private final String method;
    private final transient InvocationResult partialResult;

    public HostPromptException(String method, InvocationResult partialResult) {
        super("the script asked for user input (" + method + ") and nothing answers prompts in an unattended "
                + "session; pass the value as a parameter, or give the session a HostHandler");
        this.method = method;
        this.partialResult = partialResult;
    }

    /** The host method that was called, for example {@code ReadLine} or {@code PromptForCredential}. */
    public String method() {
        return method;
    }

    /** What arrived before. */
    public InvocationResult partialResult() {
        return partialResult;
    }
}
