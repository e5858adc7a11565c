package dev.exobridge.setup;

import dev.exobridge.pwsh.PwshPrerequisiteException;
import dev.exobridge.session.PwshSession;
import dev.exobridge.session.SessionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prerequisites of exo-bridge as idempotent steps, in this order: {@code pwsh},
 * {@code execution-policy}, {@code tls}, {@code winrm}, {@code repository}, {@code module}.
 * {@link #plan()} checks each and says what applying would change (what {@code exo-bridge doctor}
 * prints); {@link #apply()} changes what the checks found wanting and reports each step
 * {@code ok}, {@code changed}, {@code skipped} (with why) or {@code failed} (with why). A second
 * {@code apply()} on the same machine reports only {@code ok} and {@code skipped}.
 *
 * <p>The {@code pwsh} step is reported first but judged last, so its required version is what
 * the module installed by this run declares. One pwsh session runs all steps of a run (started
 * with the pwsh the first step found or installed, closed at the end). Values reach PowerShell
 * as parameters, never as script text. A failing step does not stop the others; steps that
 * cannot run without pwsh are reported as such.
 *
 * <p>Defaults: see {@link SetupOptions}; the step details: docs/setup.md.
 *
 * <pre>{@code
 * SetupReport r = new Setup(SetupOptions.builder()
 *         .repository(RepositorySpec.gallery().trusted(true))
 *         .build()).apply();
 * System.out.println(r.succeeded() ? "ready" : r);
 * }</pre>
 */
public final class Setup {
    /** The steps' names, in the order they run. */
    public static final List<String> STEPS = List.of(PwshStep.NAME, ExecutionPolicyStep.NAME, TlsStep.NAME,
            WinRmStep.NAME, RepositoryStep.NAME, ModuleStep.NAME);

    private static final Logger LOG = LoggerFactory.getLogger(Setup.class);

    private final SetupOptions options;
    private final List<SetupStep> steps = List.of(new ExecutionPolicyStep(), new TlsStep(), new WinRmStep(),
            new RepositoryStep(), new ModuleStep());

    /** A setup with these options. */
    public Setup(SetupOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Checks every step and says what {@link #apply()} would change; changes nothing and downloads nothing. */
    public SetupPlan plan() {
        List<SetupPlan.PlannedStep> out = new ArrayList<>();
        PwshStep pwshStep = new PwshStep(options);
        PwshStep.Found found = pwshStep.find(false);
        if (found.installation() == null) {
            out.add(new SetupPlan.PlannedStep(PwshStep.NAME, pwshStep.judge(found, null)));
            String why = found.pending() != null ? "checked once pwsh is installed"
                    : "not checked: no usable pwsh (see the pwsh step)";
            StepCheck later = found.pending() != null ? StepCheck.skipped(why, null) : StepCheck.failed(why, null);
            steps.forEach(s -> out.add(new SetupPlan.PlannedStep(s.name(), later)));
            return new SetupPlan(out);
        }
        try (PwshSession session = startSession(found)) {
            SetupContext ctx = new SetupContext(options, new ScriptRunner(session, options.callTimeout()));
            out.add(new SetupPlan.PlannedStep(PwshStep.NAME, guarded(() -> pwshStep.judge(found, ctx))));
            for (SetupStep s : steps) {
                out.add(new SetupPlan.PlannedStep(s.name(), guarded(() -> s.check(ctx))));
            }
        } catch (SetupException e) {
            out.add(new SetupPlan.PlannedStep(PwshStep.NAME, StepCheck.failed(e.getMessage(), null)));
            steps.forEach(s -> out.add(new SetupPlan.PlannedStep(s.name(),
                    StepCheck.failed("not checked: pwsh did not start (see the pwsh step)", null))));
        }
        return new SetupPlan(out);
    }

    /** Brings every step about (see the class comment) and reports how each ended. */
    public SetupReport apply() {
        List<StepResult> out = new ArrayList<>();
        PwshStep pwshStep = new PwshStep(options);
        PwshStep.Found found = pwshStep.find(true);
        if (found.installation() == null) {
            StepCheck c = pwshStep.judge(found, null);
            out.add(new StepResult(PwshStep.NAME, StepStatus.FAILED, c.message(), c.details()));
            steps.forEach(s -> out.add(new StepResult(s.name(), StepStatus.FAILED,
                    "not checked: no usable pwsh (see the pwsh step)", null)));
            return new SetupReport(out);
        }
        try (PwshSession session = startSession(found)) {
            SetupContext ctx = new SetupContext(options, new ScriptRunner(session, options.callTimeout()));
            List<StepResult> rest = new ArrayList<>();
            for (SetupStep s : steps) {
                rest.add(applyStep(s, ctx));
            }
            // Judged last, so the required version is what the module now installed declares.
            StepCheck pc = guarded(() -> pwshStep.judge(found, ctx));
            StepStatus ps = pc.status() == StepCheck.Status.FAILED ? StepStatus.FAILED
                    : found.installedNow() ? StepStatus.CHANGED : StepStatus.OK;
            String pm = found.installedNow() && ps == StepStatus.CHANGED
                    ? "installed pwsh " + found.installation().version() + " from " + options.pwshArchive().location()
                      + " at " + found.installation().executable() + ", recorded in " + options.installer().settingsFile()
                    : pc.message();
            out.add(new StepResult(PwshStep.NAME, ps, pm, pc.details()));
            out.addAll(rest);
        } catch (SetupException e) {
            out.add(new StepResult(PwshStep.NAME, StepStatus.FAILED, e.getMessage(), null));
            steps.forEach(s -> out.add(new StepResult(s.name(), StepStatus.FAILED,
                    "not checked: pwsh did not start (see the pwsh step)", null)));
        }
        SetupReport report = new SetupReport(out);
        LOG.info("setup: {} ok, {} changed, {} skipped, {} failed", report.count(StepStatus.OK),
                report.count(StepStatus.CHANGED), report.count(StepStatus.SKIPPED), report.count(StepStatus.FAILED));
        return report;
    }

    private StepResult applyStep(SetupStep s, SetupContext ctx) {
        StepCheck c = guarded(() -> s.check(ctx));
        // A switch expression: a new status does not compile until it says what applying does.
        StepStatus settled = switch (c.status()) {
            case OK -> StepStatus.OK;
            case SKIPPED -> StepStatus.SKIPPED;
            case FAILED -> StepStatus.FAILED;
            case CHANGE -> null;
        };
        if (settled != null) {
            return new StepResult(s.name(), settled, c.message(), c.details());
        }
        String done;
        try {
            LOG.info("setup step {}: {}", s.name(), c.change());
            done = s.apply(ctx, c);
        } catch (SetupException | SessionException | IllegalArgumentException e) {
            return new StepResult(s.name(), StepStatus.FAILED, e.getMessage(), c.details());
        }
        // Check again: "changed" means the step now holds, not merely that a command ran.
        StepCheck after = guarded(() -> s.check(ctx));
        if (after.status() == StepCheck.Status.OK) {
            return new StepResult(s.name(), StepStatus.CHANGED, done, after.details());
        }
        return new StepResult(s.name(), StepStatus.FAILED, "after it " + done + ", the check still says: "
                + after.message(), after.details());
    }

    private PwshSession startSession(PwshStep.Found found) {
        try {
            return PwshSession.start(options.sessionOptions().toBuilder().pwsh(found.installation().executable()).build());
        } catch (SessionException | PwshPrerequisiteException e) {
            throw new SetupException("pwsh " + found.installation().version() + " at " + found.installation().executable()
                    + " was found but does not start a session: " + e.getMessage(), e);
        }
    }

    /** A check that throws becomes a failed check carrying its message. */
    private static StepCheck guarded(java.util.function.Supplier<StepCheck> check) {
        try {
            return check.get();
        } catch (SetupException | SessionException | IllegalArgumentException e) {
            return StepCheck.failed(e.getMessage(), null);
        }
    }
}
