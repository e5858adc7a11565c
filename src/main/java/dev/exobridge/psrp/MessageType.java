package dev.exobridge.psrp;

import java.util.HashMap;
import java.util.Map;

/** PSRP message types (MS-PSRP 2.2.1) with their numeric codes. */
public enum MessageType {
    SESSION_CAPABILITY(0x00010002),
    INIT_RUNSPACEPOOL(0x00010004),
    PUBLIC_KEY(0x00010005),
    ENCRYPTED_SESSION_KEY(0x00010006),
    PUBLIC_KEY_REQUEST(0x00010007),
    CONNECT_RUNSPACEPOOL(0x00010008),
    RUNSPACEPOOL_INIT_DATA(0x0002100B),
    RESET_RUNSPACE_STATE(0x0002100C),
    SET_MAX_RUNSPACES(0x00021002),
    SET_MIN_RUNSPACES(0x00021003),
    RUNSPACE_AVAILABILITY(0x00021004),
    RUNSPACEPOOL_STATE(0x00021005),
    CREATE_PIPELINE(0x00021006),
    GET_AVAILABLE_RUNSPACES(0x00021007),
    USER_EVENT(0x00021008),
    APPLICATION_PRIVATE_DATA(0x00021009),
    GET_COMMAND_METADATA(0x0002100A),
    RUNSPACEPOOL_HOST_CALL(0x00021100),
    RUNSPACEPOOL_HOST_RESPONSE(0x00021101),
    PIPELINE_INPUT(0x00041002),
    END_OF_PIPELINE_INPUT(0x00041003),
    PIPELINE_OUTPUT(0x00041004),
    ERROR_RECORD(0x00041005),
    PIPELINE_STATE(0x00041006),
    DEBUG_RECORD(0x00041007),
    VERBOSE_RECORD(0x00041008),
    WARNING_RECORD(0x00041009),
    PROGRESS_RECORD(0x00041010),
    INFORMATION_RECORD(0x00041011),
    PIPELINE_HOST_CALL(0x00041100),
    PIPELINE_HOST_RESPONSE(0x00041101);

    private static final Map<Integer, MessageType> BY_CODE = new HashMap<>();

    static {
        for (MessageType t : values()) {
            BY_CODE.put(t.code, t);
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The numeric code on the wire. */
    public int code() {
        return code;
    }

    /**
     * The type of a code.
     *
     * @throws ProtocolException for an unknown code
     */
    public static MessageType of(int code) {
        MessageType t = BY_CODE.get(code);
        if (t == null) {
            throw new ProtocolException(String.format("unknown PSRP message type 0x%08X", code));
        }
        return t;
    }
}
