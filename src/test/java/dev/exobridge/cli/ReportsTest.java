package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exobridge.setup.SetupPlan;
import dev.exobridge.setup.SetupReport;
import dev.exobridge.setup.StepCheck;
import dev.exobridge.setup.StepResult;
import dev.exobridge.setup.StepStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one report printer renders the setup library's data (the library renders no table of its own). */
class ReportsTest {
    private static String table(ObjectNode json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Reports.steps(out, OutputFormat.TABLE, json);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSetupReportIsATableOfItsStepsAndACountLine() {
        ObjectNode d = JsonNodeFactory.instance.objectNode().put("version", "7.6.9");
        SetupReport r = new SetupReport(List.of(
                new StepResult("pwsh", StepStatus.OK, "pwsh 7.6.9 at /opt/pwsh", d),
                new StepResult("execution-policy", StepStatus.SKIPPED, "not Windows", null),
                new StepResult("module", StepStatus.CHANGED, "installed X 1.0.0\nfrom Local", null),
                new StepResult("repository", StepStatus.FAILED, "folder missing", null)));
        assertThat(table(r.toJson())).isEqualTo(String.join("\n",
                "",
                "STEP             STATUS  MESSAGE",
                "----             ------  -------",
                "pwsh             ok      pwsh 7.6.9 at /opt/pwsh",
                "execution-policy skipped not Windows",
                "module           changed installed X 1.0.0 from Local",
                "repository       failed  folder missing",
                "1 ok, 1 changed, 1 skipped, 1 failed",
                ""));
    }

    @Test
    void aPlanShowsWhatApplyingWouldDo() {
        SetupPlan p = new SetupPlan(List.of(
                new SetupPlan.PlannedStep("tls", new StepCheck(StepCheck.Status.OK, "SecurityProtocol SystemDefault", null, null)),
                new SetupPlan.PlannedStep("module", new StepCheck(StepCheck.Status.CHANGE, "X is not installed", "install X from Local", null))));
        assertThat(table(p.toJson())).isEqualTo(String.join("\n",
                "",
                "STEP   STATUS MESSAGE",
                "----   ------ -------",
                "tls    ok     SecurityProtocol SystemDefault",
                "module change X is not installed -> install X from Local",
                "1 ok, 1 to change, 0 skipped, 0 failed",
                ""));
    }
}
