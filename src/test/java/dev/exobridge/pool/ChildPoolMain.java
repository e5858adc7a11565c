package dev.exobridge.pool;

import dev.exobridge.session.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A child JVM for {@link PoolLeakTest}: opens pools of N sessions, prints {@code PID <n>} for each
 * pwsh and then {@code READY}, then either sleeps until it is killed ({@code sleep}) or returns
 * from main with the pools still open, so the shutdown hook must close them ({@code exit}).
 * Arguments: pwsh path, marker, mode, number of pools, sessions per pool.
 */
public final class ChildPoolMain {
    private ChildPoolMain() {
    }

    public static void main(String[] args) throws Exception {
        Path pwsh = Path.of(args[0]);
        String marker = args[1];
        String mode = args[2];
        int pools = Integer.parseInt(args[3]);
        int sessions = Integer.parseInt(args[4]);
        for (int i = 0; i < pools; i++) {
            SessionOptions session = SessionOptions.builder().pwsh(pwsh)
                    .arguments(List.of("-NoLogo", "-NoProfile", "-s", "-WorkingDirectory",
                            PoolTesting.markerDir(marker).toString()))
                    .build();
            SessionPool pool = SessionPool.start(PoolOptions.builder().name(marker + "-" + i).session(session)
                    .sessions(sessions, sessions).build());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pool.metrics().alive() < sessions && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            pool.invoke("1");
            for (long pid : pool.pids()) {
                System.out.println("PID " + pid);
            }
        }
        System.out.println("READY");
        System.out.flush();
        if (mode.equals("sleep")) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
