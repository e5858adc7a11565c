package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code --help} shows is what the command takes, and its examples can be copied. */
class HelpTextTest {
    private static String help(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.add("--help");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out();
    }

    @Test
    void doctorHelpListsOnlyWhatDoctorTakes() {
        String doctor = help("doctor");
        // It showed setup's options, which change things and which doctor ignored.
        assertThat(doctor).doesNotContain("--trust").doesNotContain("--update").doesNotContain("--winrm")
                .doesNotContain("--pwsh-from").doesNotContain("--pwsh-sha256");
        assertThat(doctor).contains("--name").contains("--version").contains("--repository").contains("--no-module")
                .contains("--execution-policy");
        assertThat(help("setup")).contains("--trust").contains("--update").contains("--winrm").contains("--pwsh-from");
        assertThat(help("module", "install")).contains("--trust");
    }

    @Test
    void exampleUrlsStayOnOneLine() {
        for (String[] cmd : List.of(new String[] {"setup"}, new String[] {"pwsh", "install"}, new String[] {"pwsh"})) {
            for (String line : help(cmd).lines().toList()) {
                if (line.contains("://")) {
                    assertThat(line).as("%s --help: a URL broken across lines", String.join(" ", cmd))
                            .containsPattern("https?://\\S+\\.(tar\\.gz|tar\\.xz|zip)\\b|learn\\.microsoft\\.com");
                }
            }
        }
    }
}
