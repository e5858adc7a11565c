package dev.exobridge.pool;

import dev.exobridge.session.Invocation;
import java.util.Objects;

/**
 * One named step of the warm-up a pool runs once in every new session before handing it out,
 * for example {@code new WarmUpStep("import module", Invocation.command("Import-Module")
 * .arg("ExchangeOnlineManagement").build())}. The name appears in the {@link WarmUpException} when
 * the step fails, so make it say what the step does.
 *
 * <p>A step fails on a terminating error, on its timeout (the invocation's own, else the pool's
 * default call timeout), on a crash of the session, and also when it writes any error record: a
 * half-done {@code Import-Module} reports its trouble as non-terminating errors, and a session
 * warmed that way must not be handed out. Add {@code -ErrorAction SilentlyContinue} to a command
 * whose errors you mean to ignore.
 *
 * @param name       what the step does, as the error message names it; not blank
 * @param invocation what to run
 */
public record WarmUpStep(String name, Invocation invocation) {
    public WarmUpStep {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a warm-up step needs a name that says what it does");
        }
        Objects.requireNonNull(invocation, "invocation");
    }

    /** A step that runs a script text. */
    public static WarmUpStep script(String name, String script) {
        return new WarmUpStep(name, Invocation.script(script).build());
    }
}
