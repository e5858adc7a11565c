package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.exobridge.session.HostHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link HostOutput} renders the host calls pwsh sends (their names and parameters as
 * pwsh 7.6 sends them, seen on the wire): the parity suite covers the text against real pwsh;
 * this covers colours, --quiet and the exit-code calls, which need a terminal or a flag.
 */
class HostOutputTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private HostOutput output(boolean quiet, boolean terminal) {
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return new HostOutput(new Reporter(err, quiet, false, false), err, quiet, terminal);
    }

    private static HostHandler.Call call(String method, JsonNode... params) {
        return new HostHandler.Call(method, List.of(params));
    }

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noNewlineTextContinuesTheLineAndWarningsGetTheirPrefix() {
        HostOutput h = output(false, false);
        h.onHostCall(call("Write1", TextNode.valueOf("a")));
        h.onHostCall(call("WriteLine2", TextNode.valueOf("b")));
        h.onHostCall(call("WriteWarningLine", TextNode.valueOf("careful")));
        h.onHostCall(call("Write1", TextNode.valueOf("open")));
        h.endLine();
        assertThat(shown()).isEqualTo("ab\nWARNING: careful\nopen\n");
    }

    @Test
    void withErrorsAsJsonEveryHostLineIsOneRecordOfItsStream() {
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        HostOutput h = new HostOutput(new Reporter(err, false, true, false), err, false, false);
        h.onHostCall(call("Write1", TextNode.valueOf("a")));
        h.onHostCall(call("WriteLine2", TextNode.valueOf("b")));
        h.onHostCall(call("WriteWarningLine", TextNode.valueOf("careful")));
        h.onHostCall(call("WriteErrorLine", TextNode.valueOf("bad")));
        h.onHostCall(call("Write1", TextNode.valueOf("open")));
        h.endLine();
        assertThat(shown()).isEqualTo("{\"stream\":\"information\",\"message\":\"ab\"}\n"
                + "{\"stream\":\"warning\",\"message\":\"careful\"}\n"
                + "{\"stream\":\"error\",\"message\":\"bad\"}\n"
                + "{\"stream\":\"information\",\"message\":\"open\"}\n");
    }

    @Test
    void coloursOnlyOnATerminal() {
        HostOutput plain = output(false, false);
        plain.onHostCall(call("WriteLine3", IntNode.valueOf(12), IntNode.valueOf(0), TextNode.valueOf("red")));
        assertThat(shown()).isEqualTo("red\n");
        bytes.reset();
        HostOutput tty = output(false, true);
        tty.onHostCall(call("WriteLine3", IntNode.valueOf(12), IntNode.valueOf(0), TextNode.valueOf("red")));
        tty.onHostCall(call("WriteErrorLine", TextNode.valueOf("bad")));
        assertThat(shown()).isEqualTo("\u001b[91mred\u001b[0m\n\u001b[31;1mbad\u001b[0m\n");
    }

    @Test
    void quietHidesHostTextButNotErrorLines() {
        HostOutput h = output(true, false);
        h.onHostCall(call("WriteLine2", TextNode.valueOf("chatter")));
        h.onHostCall(call("WriteVerboseLine", TextNode.valueOf("detail")));
        h.onHostCall(call("WriteErrorLine", TextNode.valueOf("bad")));
        assertThat(shown()).isEqualTo("bad\n");
    }

    @Test
    void setShouldExitIsTheScriptsExitCode() {
        HostOutput h = output(false, false);
        assertThat(h.exitRequested()).isNull();
        h.onHostCall(call("SetShouldExit", IntNode.valueOf(7)));
        assertThat(h.exitRequested()).isEqualTo(7);
        assertThat(RunCommand.exitCode(h, true, true, 3)).isEqualTo(7);
        HostOutput none = output(false, false);
        assertThat(RunCommand.exitCode(none, false, false, 3)).isZero();
        assertThat(RunCommand.exitCode(none, false, true, 3)).isEqualTo(1);
        assertThat(shown()).isEmpty();
    }
}
