package dev.exobridge.pwsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses sh, sleep and trap")
@Timeout(60)
class ProcessTreeTest {
    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        // Whatever a failed test left behind: never leave sleeps running on the machine.
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private ProcessHandle sh(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p.toHandle());
        return p.toHandle();
    }

    private static List<ProcessHandle> awaitDescendants(ProcessHandle root, int count) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessTree.descendants(root), d -> d.size() >= count);
    }

    @Test
    void killsChildrenAndGrandchildren() throws IOException {
        // sh -> (sh -> sleep), sleep: the inner sleep is a great-grandchild of this JVM.
        ProcessHandle root = sh("sh -c 'sleep 600 & wait' & sleep 600 & wait");
        List<ProcessHandle> tree = new ArrayList<>(awaitDescendants(root, 3));
        tree.add(root);
        assertThat(tree).extracting(ProcessHandle::pid).doesNotHaveDuplicates();

        ProcessTree.Outcome outcome = ProcessTree.destroy(root, Duration.ofSeconds(5));

        assertThat(outcome.allGone()).isTrue();
        assertThat(outcome.forced()).isEmpty(); // all of them honour SIGTERM
        assertThat(outcome.killed()).extracting(ProcessHandle::pid)
                .containsExactlyInAnyOrderElementsOf(tree.stream().map(ProcessHandle::pid).toList());
        assertThat(tree).noneMatch(ProcessTree::isAlive);
    }

    @Test
    void forceKillsWhatIgnoresSigtermAfterGrace() throws IOException {
        // An ignored signal stays ignored across exec: sh and its sleep both ignore SIGTERM.
        ProcessHandle root = sh("trap '' TERM; sleep 600");
        List<ProcessHandle> children = awaitDescendants(root, 1);

        ProcessTree.Outcome outcome = ProcessTree.destroy(root, Duration.ofMillis(500));

        assertThat(outcome.stopped()).isEmpty();
        assertThat(outcome.forced()).extracting(ProcessHandle::pid)
                .contains(root.pid(), children.get(0).pid());
        assertThat(outcome.allGone()).isTrue();
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessTree::isAlive);
    }

    @Test
    void zeroGraceGoesStraightToForce() throws IOException {
        ProcessHandle root = sh("exec sleep 600");
        ProcessTree.Outcome outcome = ProcessTree.destroy(root, Duration.ZERO);
        assertThat(outcome.stopped()).isEmpty();
        assertThat(outcome.forced()).extracting(ProcessHandle::pid).containsExactly(root.pid());
        assertThat(outcome.allGone()).isTrue();
    }

    @Test
    void anAlreadyEndedProcessIsFine() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        ProcessTree.Outcome outcome = ProcessTree.destroy(p.toHandle(), Duration.ofSeconds(1));
        assertThat(outcome.allGone()).isTrue();
        assertThat(outcome.forced()).isEmpty();
    }

    @Test
    void refusesTheCurrentJvm() {
        assertThatThrownBy(() -> ProcessTree.destroy(ProcessHandle.current(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
