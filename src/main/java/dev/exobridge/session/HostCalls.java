package dev.exobridge.session;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exobridge.json.PsJsonMapper;
import dev.exobridge.psrp.HostCall;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.PsrpMessages;
import dev.exobridge.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers a pipeline's host calls with the session's {@link HostHandler}; without one, or when it
 * refuses, answers with an error, so that nothing ever waits for a person. Calls that expect no
 * response (WriteLine, Write, SetShouldExit, ...) go to the call's listener, which may show them.
 */
final class HostCalls {
    private final HostHandler handler;
    private final PsJsonMapper mapper;

    HostCalls(HostHandler handler, PsJsonMapper mapper) {
        this.handler = handler;
        this.mapper = mapper;
    }

    /**
     * Answers {@code call} of pipeline {@code pid}.
     *
     * @return the method's name when the prompt was refused (the call then fails with
     *         {@link HostPromptException}), else {@code null}
     * @throws SessionException when the answer could not be sent
     */
    String answer(PipelineIo io, UUID pid, HostCall call, StreamListener listener) {
        if (!call.expectsResponse()) {
            listener.onHostCall(new HostHandler.Call(call.method(), json(call.parameters())));
            return null;
        }
        String method = call.method();
        String refused = null;
        Message response;
        if (handler == null) {
            refused = method;
            response = PsrpMessages.hostErrorResponse(io.poolId(), pid, call.callId(), method, call.methodId(),
                    "exo-bridge: no one answers prompts in this session (" + method + ")");
        } else {
            try {
                Object answer = handler.answer(new HostHandler.Call(method, json(call.parameters())));
                response = PsrpMessages.hostValueResponse(io.poolId(), pid, call.callId(), method, call.methodId(),
                        answer, io.cipher());
            } catch (Exception e) {
                refused = method;
                response = PsrpMessages.hostErrorResponse(io.poolId(), pid, call.callId(), method, call.methodId(),
                        "exo-bridge: the host handler refused " + method + ": " + e.getMessage());
            }
        }
        try {
            io.respond(pid, response);
        } catch (Exception e) {
            throw io.failure("answering a prompt failed", e);
        }
        return refused;
    }

    private List<JsonNode> json(List<PsValue> values) {
        List<JsonNode> out = new ArrayList<>();
        for (PsValue p : values) {
            out.add(mapper.toJson(p));
        }
        return out;
    }
}
