package dev.exobridge.pwsh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a process and all its descendants: graceful first, forced after a grace period.
 *
 * <p>The descendants are collected <em>before</em> anything is signalled: once a parent dies its
 * children are re-parented (to init or a sub-reaper) and can no longer be found from it.
 * Processes forked while the tree shuts down are collected again before the forced round.
 *
 * <p>On Linux a killed process whose new parent does not reap it stays a zombie, which
 * {@link ProcessHandle#isAlive()} still reports alive; a zombie has released everything and
 * cannot be killed further, so it counts as gone here (containers often run without an init
 * that reaps).
 *
 * <p>On Windows there is no graceful request: {@link ProcessHandle#destroy()} terminates at
 * once, so the grace period only matters on Unix.
 */
public final class ProcessTree {
    /**
     * How long {@link #destroy} waits for the forcibly killed processes to be gone: 5 s. A kill
     * -9 takes effect at once; the wait only covers the kernel tearing the process down.
     */
    public static final Duration FORCED_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private ProcessTree() {
    }

    /**
     * What {@link #destroy} did.
     *
     * @param stopped    processes that ended after the graceful request (SIGTERM on Unix)
     * @param forced     processes that had to be killed forcibly (SIGKILL on Unix,
     *                   TerminateProcess on Windows)
     * @param stillAlive processes still alive after the bounded wait: empty unless something is
     *                   badly wrong (a process in uninterruptible sleep, or not ours to kill)
     */
    public record Outcome(List<ProcessHandle> stopped, List<ProcessHandle> forced, List<ProcessHandle> stillAlive) {
        public Outcome {
            stopped = List.copyOf(stopped);
            forced = List.copyOf(forced);
            stillAlive = List.copyOf(stillAlive);
        }

        /** Whether every process of the tree is gone. */
        public boolean allGone() {
            return stillAlive.isEmpty();
        }

        /** Every process that was ended, gracefully or not. */
        public List<ProcessHandle> killed() {
            List<ProcessHandle> all = new ArrayList<>(stopped);
            all.addAll(forced);
            return all;
        }

        @Override
        public String toString() {
            return "stopped " + pids(stopped) + ", forced " + pids(forced) + ", still alive " + pids(stillAlive);
        }
    }

    /** All descendants of {@code root} (children, grandchildren, ...) alive now, parents before children. */
    public static List<ProcessHandle> descendants(ProcessHandle root) {
        // ProcessHandle.descendants() walks a snapshot of the process table, parents first.
        return root.descendants().collect(Collectors.toList());
    }

    /**
     * Ends {@code root} and its descendants: {@link ProcessHandle#destroy()} to all, wait up to
     * {@code grace}, {@link ProcessHandle#destroyForcibly()} to the survivors (and to anything
     * they forked meanwhile), then wait up to {@link #FORCED_WAIT} for them to be gone.
     * Returns without error when the tree is already gone. Never throws for a process that
     * disappears on its own while this runs.
     *
     * @param root  the top of the tree; must not be the current JVM
     * @param grace how long the tree gets to end by itself after the graceful request; {@link
     *              Duration#ZERO} goes straight to forced
     */
    public static Outcome destroy(ProcessHandle root, Duration grace) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(grace, "grace");
        if (root.pid() == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("refusing to destroy the current JVM's own process tree");
        }
        Map<Long, ProcessHandle> tree = new LinkedHashMap<>();
        tree.put(root.pid(), root);
        descendants(root).forEach(p -> tree.put(p.pid(), p));
        LOG.debug("destroying process tree of {}: {}", root.pid(), tree.keySet());

        List<ProcessHandle> stopped = new ArrayList<>();
        if (!grace.isZero() && !grace.isNegative()) {
            // Root first: a supervisor killed after its children could restart them.
            for (ProcessHandle p : tree.values()) {
                tryDestroy(p, false);
            }
            waitGone(tree.values(), grace);
            for (ProcessHandle p : tree.values()) {
                if (!isAlive(p)) {
                    stopped.add(p);
                }
            }
        }

        // Survivors, plus anything they forked during the grace period.
        Map<Long, ProcessHandle> survivors = new LinkedHashMap<>();
        for (ProcessHandle p : tree.values()) {
            if (isAlive(p)) {
                survivors.put(p.pid(), p);
                descendants(p).forEach(d -> survivors.putIfAbsent(d.pid(), d));
            }
        }
        List<ProcessHandle> forced = new ArrayList<>(survivors.values());
        for (ProcessHandle p : forced) {
            tryDestroy(p, true);
        }
        waitGone(forced, FORCED_WAIT);
        List<ProcessHandle> stillAlive = forced.stream().filter(ProcessTree::isAlive).collect(Collectors.toList());

        Outcome outcome = new Outcome(stopped, forced, stillAlive);
        if (!stillAlive.isEmpty()) {
            LOG.warn("process tree of {} not fully gone after forced kill: {}", root.pid(), outcome);
        } else if (!forced.isEmpty()) {
            LOG.debug("process tree of {} needed a forced kill after {}: {}", root.pid(), grace, outcome);
        } else {
            LOG.debug("process tree of {} ended: {}", root.pid(), outcome);
        }
        return outcome;
    }

    /**
     * The live (non-zombie) processes of the process session {@code sid}, read from {@code
     * /proc} (Linux; empty elsewhere). A session outlives its leader: when a pwsh started through
     * {@code setsid} dies, the native children it started stay in its session, re-parented to
     * init, where {@link #descendants} no longer finds them.
     */
    public static List<ProcessHandle> sessionMembers(long sid) {
        List<ProcessHandle> members = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            entries.map(e -> e.getFileName().toString()).filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long pid = Long.parseLong(n);
                        long[] ids = groupAndSession(pid);
                        if (ids != null && ids[1] == sid && !isZombie(pid)) {
                            ProcessHandle.of(pid).ifPresent(members::add);
                        }
                    });
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot list the processes of session {}: {}", sid, e.toString());
        }
        return members;
    }

    /**
     * Kills (at once, forcibly) every process left in the process session {@code sid}, then waits
     * up to {@link #FORCED_WAIT} for them to be gone. For a session that one of our children
     * leads (pwsh started through {@code setsid}): its id is that child's pid, which the kernel
     * does not hand out again while the session has members.
     *
     * @throws IllegalArgumentException for the current JVM's own session
     */
    public static Outcome destroySession(long sid) {
        long[] own = groupAndSession(ProcessHandle.current().pid());
        if (sid == ProcessHandle.current().pid() || own != null && own[1] == sid || sid <= 1) {
            throw new IllegalArgumentException("refusing to destroy the current JVM's own process session " + sid);
        }
        List<ProcessHandle> members = sessionMembers(sid);
        for (ProcessHandle p : members) {
            tryDestroy(p, true);
        }
        waitGone(members, FORCED_WAIT);
        List<ProcessHandle> stillAlive = members.stream().filter(ProcessTree::isAlive).collect(Collectors.toList());
        Outcome outcome = new Outcome(List.of(), members, stillAlive);
        if (!members.isEmpty()) {
            LOG.debug("process session {}: killed what was left: {}", sid, outcome);
        }
        return outcome;
    }

    /** The process group and session of {@code pid} (fields 5 and 6 of /proc/PID/stat), or null. */
    private static long[] groupAndSession(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // After "pid (comm) ": state ppid pgrp session ...; comm may hold ')' so take the last.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code p} is alive and not a zombie. A zombie (Linux state Z) has exited and only
     * waits to be reaped by its parent; no signal can do more to it.
     */
    public static boolean isAlive(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        return !isZombie(p.pid());
    }

    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            // Format: "pid (comm) S ...": comm may hold spaces and parentheses, so take the last ')'.
            int close = s.lastIndexOf(')');
            if (close < 0 || close + 2 >= s.length()) {
                return false;
            }
            char state = s.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or the process just vanished: isAlive() has the last word
        }
    }

    private static void tryDestroy(ProcessHandle p, boolean force) {
        try {
            if (force) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
        } catch (IllegalStateException | UnsupportedOperationException | SecurityException e) {
            LOG.debug("cannot {} process {}: {}", force ? "kill" : "stop", p.pid(), e.toString());
        }
    }

    private static void waitGone(Iterable<ProcessHandle> processes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean any = false;
            for (ProcessHandle p : processes) {
                if (isAlive(p)) {
                    any = true;
                    break;
                }
            }
            if (!any || System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String pids(List<ProcessHandle> list) {
        return list.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ", "[", "]"));
    }
}
