package dev.exobridge.psrp;

import dev.exobridge.psrp.clixml.CliXmlWriter;
import dev.exobridge.psrp.clixml.SecureStringCipher;
import java.util.List;
import java.util.UUID;

/**
 * Builds the client's PSRP messages (MS-PSRP 2.2.2): the bodies have the same structure as the
 * ones PowerShell's own client sends (checked against golden transcripts). Pure code.
 */
public final class PsrpMessages {
    private static final List<String> THREAD_OPTIONS = List.of("System.Management.Automation.Runspaces.PSThreadOptions",
            "System.Enum", "System.ValueType", "System.Object");
    private static final List<String> APARTMENT = List.of("System.Threading.ApartmentState", "System.Enum",
            "System.ValueType", "System.Object");
    private static final List<String> RESULT_TYPES = List.of("System.Management.Automation.Runspaces.PipelineResultTypes",
            "System.Enum", "System.ValueType", "System.Object");
    private static final List<String> STREAM_OPTIONS = List.of("System.Management.Automation.RemoteStreamOptions",
            "System.Enum", "System.ValueType", "System.Object");
    private static final List<String> PSOBJECT_LIST = List.of(
            "System.Collections.Generic.List`1[[System.Management.Automation.PSObject, System.Management.Automation]]",
            "System.Object");
    private static final List<String> HOST_METHOD = List.of("System.Management.Automation.Remoting.RemoteHostMethodId",
            "System.Enum", "System.ValueType", "System.Object");

    private PsrpMessages() {
    }

    /** SESSION_CAPABILITY: protocol 2.3, PS 2.0, serialization 1.1.0.1, as every client sends. */
    public static Message sessionCapability(UUID pool) {
        String body = "<Obj RefId=\"0\"><MS><Version N=\"protocolversion\">2.3</Version>"
                + "<Version N=\"PSVersion\">2.0</Version><Version N=\"SerializationVersion\">1.1.0.1</Version></MS></Obj>";
        return toServer(MessageType.SESSION_CAPABILITY, pool, Message.EMPTY, body);
    }

    /**
     * INIT_RUNSPACEPOOL with the runspace bounds and a host: with {@code interactiveHost} the
     * server sends prompts (Read-Host, credentials, choices) to us as host calls; without, it
     * uses no host at all and such commands fail inside pwsh.
     */
    public static Message initRunspacePool(UUID pool, int minRunspaces, int maxRunspaces, boolean interactiveHost) {
        CliXmlWriter w = new CliXmlWriter();
        w.startObj(null).startMs();
        w.value("MinRunspaces", minRunspaces).value("MaxRunspaces", maxRunspaces);
        w.enumValue("PSThreadOptions", THREAD_OPTIONS, "Default", 0);
        w.enumValue("ApartmentState", APARTMENT, "Unknown", 2);
        w.value("ApplicationArguments", null);
        hostInfo(w, !interactiveHost, false);
        w.endMs().endObj();
        return toServer(MessageType.INIT_RUNSPACEPOOL, pool, Message.EMPTY, w.toXml());
    }

    private static void hostInfo(CliXmlWriter w, boolean hostNull, boolean useRunspaceHost) {
        w.startObj("HostInfo").startMs();
        w.value("_isHostNull", hostNull).value("_isHostUINull", hostNull).value("_isHostRawUINull", true)
                .value("_useRunspaceHost", useRunspaceHost);
        w.endMs().endObj();
    }

    /**
     * One command of a pipeline: a script or a command name, and its arguments.
     *
     * @param useLocalScope {@code true} runs a script in a scope of its own; {@code null} leaves
     *                      pwsh's default, which dot-sources it into the global scope
     */
    public record Command(String text, boolean isScript, List<Argument> arguments, Boolean useLocalScope) {
        public Command {
            arguments = List.copyOf(arguments);
        }

        /** A command with pwsh's default scope. */
        public Command(String text, boolean isScript, List<Argument> arguments) {
            this(text, isScript, arguments, null);
        }
    }

    /** One argument: named ({@code name} not null) or positional; the value is any CliXmlWriter value. */
    public record Argument(String name, Object value) {
    }

    /**
     * CREATE_PIPELINE for the given commands, piped into each other.
     *
     * @param noInput  true when no PIPELINE_INPUT will follow
     * @param cipher   encrypts Secret arguments, or {@code null}
     */
    public static Message createPipeline(UUID pool, UUID pipeline, List<Command> commands, boolean noInput,
                                         SecureStringCipher cipher) {
        CliXmlWriter w = new CliXmlWriter(cipher);
        w.startObj(null).startMs();
        w.startObj("PowerShell").startMs();
        w.startObj("Cmds", PSOBJECT_LIST, null).startLst();
        for (Command c : commands) {
            w.startObj(null).startMs();
            w.value("Cmd", c.text()).value("IsScript", c.isScript()).value("UseLocalScope", c.useLocalScope());
            for (String merge : List.of("MergeMyResult", "MergeToResult", "MergePreviousResults", "MergeError",
                    "MergeWarning", "MergeVerbose", "MergeDebug", "MergeInformation")) {
                w.enumValue(merge, RESULT_TYPES, "None", 0);
            }
            w.startObj("Args", PSOBJECT_LIST, null).startLst();
            for (Argument a : c.arguments()) {
                w.startObj(null).startMs().value("N", a.name()).value("V", a.value()).endMs().endObj();
            }
            w.endLst().endObj();
            w.endMs().endObj();
        }
        w.endLst().endObj();
        w.value("IsNested", false).value("History", null).value("RedirectShellErrorOutputPipe", true);
        w.endMs().endObj();
        w.value("NoInput", noInput);
        w.enumValue("ApartmentState", APARTMENT, "Unknown", 2);
        w.enumValue("RemoteStreamOptions", STREAM_OPTIONS, "AddInvocationInfo", 15);
        w.value("AddToHistory", false);
        hostInfo(w, true, true);
        w.value("IsNested", false);
        w.endMs().endObj();
        return toServer(MessageType.CREATE_PIPELINE, pool, pipeline, w.toXml());
    }

    /** PIPELINE_INPUT: one value for the pipeline's input. */
    public static Message pipelineInput(UUID pool, UUID pipeline, Object value, SecureStringCipher cipher) {
        return toServer(MessageType.PIPELINE_INPUT, pool, pipeline, new CliXmlWriter(cipher).value(null, value).toXml());
    }

    /** END_OF_PIPELINE_INPUT. */
    public static Message endOfPipelineInput(UUID pool, UUID pipeline) {
        return toServer(MessageType.END_OF_PIPELINE_INPUT, pool, pipeline, "");
    }

    /** PUBLIC_KEY: our RSA public key as base64 of a CAPI PUBLICKEYBLOB. */
    public static Message publicKey(UUID pool, String blobBase64) {
        return toServer(MessageType.PUBLIC_KEY, pool, Message.EMPTY,
                "<Obj RefId=\"0\"><MS><S N=\"PublicKey\">" + blobBase64 + "</S></MS></Obj>");
    }

    /**
     * A host response that reports an error to pwsh: the prompt fails inside the pipeline with
     * this message.
     */
    public static Message hostErrorResponse(UUID pool, UUID pipeline, long callId, String methodName, int methodId,
                                            String message) {
        CliXmlWriter w = new CliXmlWriter();
        w.startObj(null).startMs();
        w.value("ci", callId);
        w.enumValue("mi", HOST_METHOD, methodName, methodId);
        w.startObj("me", List.of("System.Management.Automation.ErrorRecord", "System.Object"), message).startMs();
        w.startObj("Exception", List.of("System.Management.Automation.Host.HostException", "System.Exception",
                "System.Object"), message).startMs().value("Message", message).endMs().endObj();
        w.value("TargetObject", null);
        w.value("FullyQualifiedErrorId", "ExoBridgeHostPromptRefused");
        w.value("InvocationInfo", null);
        w.value("ErrorCategory_Category", 27);
        w.value("ErrorCategory_Activity", methodName);
        w.value("ErrorCategory_Reason", "HostException");
        w.value("ErrorCategory_TargetName", "");
        w.value("ErrorCategory_TargetType", "");
        w.value("ErrorCategory_Message", message);
        w.value("SerializeExtendedInfo", false);
        w.endMs().endObj();
        w.endMs().endObj();
        return toServer(pipeline.equals(Message.EMPTY) ? MessageType.RUNSPACEPOOL_HOST_RESPONSE
                : MessageType.PIPELINE_HOST_RESPONSE, pool, pipeline, w.toXml());
    }

    /** A host response carrying a return value. */
    public static Message hostValueResponse(UUID pool, UUID pipeline, long callId, String methodName, int methodId,
                                            Object value, SecureStringCipher cipher) {
        CliXmlWriter w = new CliXmlWriter(cipher);
        w.startObj(null).startMs();
        w.value("mr", value);
        w.value("ci", callId);
        w.enumValue("mi", HOST_METHOD, methodName, methodId);
        w.endMs().endObj();
        return toServer(pipeline.equals(Message.EMPTY) ? MessageType.RUNSPACEPOOL_HOST_RESPONSE
                : MessageType.PIPELINE_HOST_RESPONSE, pool, pipeline, w.toXml());
    }

    private static Message toServer(MessageType type, UUID pool, UUID pipeline, String body) {
        return new Message(Message.Destination.SERVER, type, pool, pipeline, body);
    }
}
