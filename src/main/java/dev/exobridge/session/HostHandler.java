package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Answers the prompts a script makes (Read-Host, Get-Credential, $host.UI.PromptForChoice,
 * confirmations). By default a session has none and every prompt fails the call with a
 * {@link HostPromptException}; nothing ever waits for a person.
 */
@FunctionalInterface
public interface HostHandler {
    /**
     * One prompt.
     *
     * @param method     the host method, e.g. {@code ReadLine}, {@code ReadLineAsSecureString},
     *                   {@code Prompt}, {@code PromptForChoice}, {@code PromptForCredential}
     * @param parameters the method's parameters as JSON
     */
    record Call(String method, List<JsonNode> parameters) {
    }

    /**
     * The answer: a String for ReadLine, a {@link dev.exobridge.Secret} for ReadLineAsSecureString,
     * an Integer for PromptForChoice, a Map of field name to value for Prompt; anything the
     * parameter writer accepts. Throw to refuse: the prompt then fails inside pwsh.
     */
    Object answer(Call call) throws Exception;
}
