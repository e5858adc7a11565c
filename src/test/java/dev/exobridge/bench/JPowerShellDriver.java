package dev.exobridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.profesorfalken.jpowershell.PowerShell;
import com.profesorfalken.jpowershell.PowerShellResponse;
import java.util.Map;

/**
 * Child-JVM driver of jPowerShell 3.1.1 (run by {@link JPowerShellRoundTrip}): opens one session
 * on the given pwsh, makes warm-up calls, then timed calls of {@code 1}, and prints one JSON
 * line with every sample. Its best settings: {@code waitPause} 1 ms (the default is 5; 0 would
 * spin a core while waiting) and {@code maxWait} 10 s. Whatever waitPause is, jPowerShell sleeps
 * a fixed 50 ms after each output line to decide the output has ended, so a call costs ~52 ms
 * or more. It must run with {@code TERM=dumb}: under an xterm TERM pwsh ends each prompt with
 * an escape sequence without a newline, and jPowerShell then waits for maxWait on every call.
 *
 * <p>{@code java -cp ... dev.exobridge.bench.JPowerShellDriver <pwsh> <calls> <warm-up calls>}
 */
public final class JPowerShellDriver {
    private JPowerShellDriver() {
    }

    public static void main(String[] args) {
        java.util.logging.LogManager.getLogManager().reset(); // its SEVERE logs are not our output
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = json.createObjectNode();
        int status = 0;
        try {
            String pwsh = args[0];
            int calls = Integer.parseInt(args[1]);
            int warmUp = Integer.parseInt(args[2]);
            long start = System.nanoTime();
            try (PowerShell shell = PowerShell.openSession(pwsh)) {
                shell.configuration(Map.of("waitPause", "1", "maxWait", "10000"));
                double openMs = (System.nanoTime() - start) / 1e6;
                for (int i = 0; i < warmUp; i++) {
                    callOne(shell);
                }
                double[] samples = new double[calls];
                for (int i = 0; i < calls; i++) {
                    long t0 = System.nanoTime();
                    PowerShellResponse response = shell.executeCommand("1");
                    samples[i] = (System.nanoTime() - t0) / 1e6;
                    check(response);
                }
                line.put("client", "jPowerShell 3.1.1, waitPause=1 maxWait=10000");
                line.put("open_ms", openMs);
                line.put("calls", calls);
                line.set("samples_ms", json.valueToTree(samples));
            }
        } catch (Exception | LinkageError e) {
            line.removeAll();
            line.put("error", ContenderFailure.reason(e));
            status = 1;
        } finally {
            // jPowerShell's pwsh must not outlive this JVM, whatever its close() did
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        }
        System.out.println(line);
        System.exit(status); // jPowerShell's thread pool would keep the JVM alive
    }

    private static void callOne(PowerShell shell) {
        check(shell.executeCommand("1"));
    }

    private static void check(PowerShellResponse response) {
        if (response.isTimeout()) {
            throw new ContenderFailure("a call of '1' timed out (maxWait 10 s)");
        }
        if (response.isError() || !response.getCommandOutput().trim().equals("1")) {
            throw new ContenderFailure("'1' returned '" + response.getCommandOutput() + "'");
        }
    }
}
