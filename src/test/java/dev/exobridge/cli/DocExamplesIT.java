package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.testsupport.TestPwsh;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one test of the examples in README.md and docs/*.md. A code block is an example when the
 * line before its fence is a marker:
 * <ul>
 *   <li>{@code <!-- example: java -->} before a {@code ```java} block: optional import lines, then
 *       statements. It is compiled (not run) against the test class path as the body of
 *       {@code static void example() throws Exception}, the imports at the top of the class after
 *       {@link #DEFAULT_IMPORTS}.</li>
 *   <li>{@code <!-- example: sh -->} (or {@code sh exit=N}) before a shell block: run for real with
 *       bash -e, in a folder of its own (also its HOME and TMPDIR) holding {@code bin/} and
 *       {@code docker/} of this project, with {@code exo-bridge} on PATH (the launcher on this build's jar) and the test
 *       pwsh; it must exit 0 (or N). An example that needs a tenant makes one itself with
 *       {@code exo-bridge simulator init}, as docs/scheduling.md shows.</li>
 *   <li>{@code <!-- example: not-runnable REASON -->}: needs a tenant, Windows, a portal, the
 *       network, or is too slow for the tests; REASON says which.</li>
 * </ul>
 * Every block in a shell, Java or PowerShell language, and every block without a language whose
 * first line is a command, must carry one of them.
 */
class DocExamplesIT {
    static final Set<String> COUNTED = Set.of("sh", "bash", "shell", "console", "java", "powershell", "pwsh", "ps1");
    static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console", "");
    static final Pattern COMMAND = Pattern.compile(
            "^(\\$ |exo-bridge |bin/exo-bridge|mvn |java |export |source |scripts/|\\./|cd |openssl |pwsh |kubectl |docker |systemctl |crontab |EXOBRIDGE_\\w+=)");
    static final Pattern MARKER = Pattern.compile("<!-- example: (java|sh|not-runnable)(?: (.*?))? -->");
    static final Pattern FENCE = Pattern.compile("^(\\s*)```\\s*([\\w-]*)\\s*$");
    static final List<String> DEFAULT_IMPORTS = List.of("dev.exobridge.*", "dev.exobridge.exchange.*", "dev.exobridge.json.*",
            "dev.exobridge.pool.*", "dev.exobridge.pwsh.*", "dev.exobridge.session.*", "dev.exobridge.setup.*",
            "dev.exobridge.simulator.*", "java.nio.file.*", "java.time.*", "java.util.*",
            "com.fasterxml.jackson.databind.*", "com.fasterxml.jackson.annotation.*");

    /** One fenced block: where it is, its language, its marker (or null) and its text. */
    record Block(Path file, int line, String language, String kind, String argument, String text) {
        String where() {
            return file + ":" + line;
        }
    }

    static List<Block> blocks;

    @BeforeAll
    static void find() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        blocks = new ArrayList<>();
        for (Path f : files) {
            blocks.addAll(blocksOf(f, Files.readAllLines(f)));
        }
    }

    static List<Block> blocksOf(Path file, List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            StringBuilder text = new StringBuilder();
            for (int j = i + 1; j < end; j++) {
                String l = lines.get(j);
                text.append(l.startsWith(indent) ? l.substring(indent.length()) : l.strip()).append('\n');
            }
            int before = i - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            Matcher m = before >= 0 ? MARKER.matcher(lines.get(before).strip()) : null;
            boolean marked = m != null && m.matches();
            out.add(new Block(file, i + 1, open.group(2).toLowerCase(java.util.Locale.ROOT), marked ? m.group(1) : null,
                    marked ? m.group(2) : null, text.toString()));
            i = end;
        }
        return out;
    }

    static boolean counted(Block b) {
        if (COUNTED.contains(b.language())) {
            return true;
        }
        String first = b.text().lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return b.language().isEmpty() && COMMAND.matcher(first).find();
    }

    @Test
    void everyCommandLineAndSnippetCarriesAMarker() {
        List<String> unmarked = blocks.stream().filter(b -> counted(b) && b.kind() == null)
                .map(b -> b.where() + " (```" + b.language() + ")").toList();
        assertThat(unmarked).as("blocks without <!-- example: java|sh|not-runnable REASON --> before them").isEmpty();
        for (Block b : blocks) {
            if ("java".equals(b.kind())) {
                assertThat(b.language()).as("%s: the java marker is for ```java", b.where()).isEqualTo("java");
            }
            if ("sh".equals(b.kind())) {
                assertThat(SHELL).as("%s: the sh marker is for a shell block", b.where()).contains(b.language());
                assertThat(b.argument() == null || b.argument().matches("exit=\\d+")).as("%s: sh takes exit=N", b.where())
                        .isTrue();
            }
            if ("not-runnable".equals(b.kind())) {
                assertThat(b.argument()).as("%s: a reason why it cannot run", b.where()).isNotBlank();
            }
        }
        assertThat(blocks.stream().filter(b -> "java".equals(b.kind()))).as("java examples").isNotEmpty();
        assertThat(blocks.stream().filter(b -> "sh".equals(b.kind()))).as("sh examples").isNotEmpty();
    }

    @Test
    void theMarkersAreFoundAsTheyAreWritten() {
        List<Block> found = blocksOf(Path.of("x.md"), List.of("<!-- example: sh exit=4 -->", "```sh",
                "exo-bridge run -c 1", "```", "", "```", "exo-bridge doctor", "```", "```", "[1]", "```",
                "<!-- example: not-runnable needs a tenant -->", "", "   ```java", "   int a = 1;", "   ```"));
        assertThat(found).extracting(Block::kind).containsExactly("sh", null, null, "not-runnable");
        assertThat(found.get(0).argument()).isEqualTo("exit=4");
        assertThat(found.stream().map(DocExamplesIT::counted)).containsExactly(true, true, false, true);
        assertThat(found.get(3).text()).isEqualTo("int a = 1;\n");
    }

    /** The class a java example becomes. */
    static String javaSource(String className, String example) {
        List<String> imports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        boolean head = true;
        for (String l : example.lines().toList()) {
            if (head && (l.isBlank() || l.startsWith("import "))) {
                if (!l.isBlank()) {
                    imports.add(l);
                }
                continue;
            }
            head = false;
            body.append("        ").append(l).append('\n');
        }
        StringBuilder src = new StringBuilder("package docexamples;\n");
        DEFAULT_IMPORTS.forEach(i -> src.append("import ").append(i).append(";\n"));
        imports.forEach(i -> src.append(i).append('\n'));
        return src.append("\nclass ").append(className).append(" {\n    static void example() throws Exception {\n")
                .append(body).append("    }\n}\n").toString();
    }

    @Test
    void everyJavaExampleCompiles() throws IOException {
        Map<String, Block> byClass = new LinkedHashMap<>();
        List<JavaFileObject> sources = new ArrayList<>();
        for (Block b : blocks) {
            if ("java".equals(b.kind())) {
                String name = "Example_" + b.file().getFileName().toString().replaceAll("\\W", "_") + "_" + b.line();
                byClass.put(name, b);
                String src = javaSource(name, b.text());
                sources.add(new SimpleJavaFileObject(URI.create("string:///docexamples/" + name + ".java"),
                        JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return src;
                    }
                });
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(Path.of("target", "doc-examples", "classes"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(log, files, diagnostics, List.of("-proc:none", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path")), null, sources).call();
            List<String> problems = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String cls = d.getSource().getName().replaceAll(".*/(\\w+)\\.java$", "$1");
                    problems.add(byClass.get(cls).where() + ": " + d.getMessage(null) + " (line " + d.getLineNumber()
                            + " of the generated class)");
                }
            }
            assertThat(problems).as("the java examples that do not compile; " + log).isEmpty();
            assertThat(ok).isTrue();
        }
        assertThat(byClass).isNotEmpty();
    }

    @Test
    void everyShellExampleRuns() throws Exception {
        Path root = Path.of("target", "doc-examples", "sh").toAbsolutePath();
        Path project = Child.projectDir().toAbsolutePath();
        // One bash runs them all, one after another, each in a subshell of its own folder.
        StringBuilder batch = new StringBuilder("#!/bin/bash\n");
        List<Block> examples = blocks.stream().filter(b -> "sh".equals(b.kind())).toList();
        for (int i = 0; i < examples.size(); i++) {
            Path dir = root.resolve("example-" + i);
            deleteTree(dir);
            Files.createDirectories(dir.resolve("tmp"));
            Files.createSymbolicLink(dir.resolve("bin"), project.resolve("bin"));
            Files.createSymbolicLink(dir.resolve("docker"), project.resolve("docker"));
            Files.writeString(dir.resolve("example.sh"), examples.get(i).text());
            batch.append("( cd '").append(dir).append("' && HOME='").append(dir).append("' TMPDIR='").append(dir)
                    .append("/tmp' exec bash -e example.sh ) >'").append(dir).append("/out' 2>'").append(dir)
                    .append("/err' </dev/null\necho \"example ").append(i).append(" $?\"\n");
        }
        Files.writeString(root.resolve("all.sh"), batch);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", project.resolve("bin") + ":" + Child.java().getParent() + ":/usr/bin:/bin");
        env.put("EXOBRIDGE_JAR", Child.jar().toString());
        env.put("EXOBRIDGE_NO_BUILD", "1");
        env.put("EXOBRIDGE_PWSH", TestPwsh.pwsh().toString());
        for (String v : List.of("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "EXOBRIDGE_CONFIG_HOME",
                "EXOBRIDGE_JAVA_OPTS", "EXOBRIDGE_CERTIFICATE_PASSWORD", "EXOBRIDGE_ACCESS_TOKEN", "EXOBRIDGE_PASSWORD")) {
            env.put(v, null);
        }
        CliRun all = Child.run(List.of("bash", root.resolve("all.sh").toString()), env, 300);
        List<String> failed = new ArrayList<>();
        for (String line : all.out().lines().toList()) {
            String[] w = line.split(" ");
            int i = Integer.parseInt(w[1]);
            Block b = examples.get(i);
            int expected = b.argument() == null ? 0 : Integer.parseInt(b.argument().substring("exit=".length()));
            if (Integer.parseInt(w[2]) != expected) {
                Path dir = root.resolve("example-" + i);
                failed.add(b.where() + ": exit " + w[2] + " (expected " + expected + ")\n--- stdout ---\n"
                        + Files.readString(dir.resolve("out")) + "--- stderr ---\n" + Files.readString(dir.resolve("err")));
            }
        }
        assertThat(all.out().lines()).as(all.toString()).hasSize(examples.size());
        assertThat(failed).as("shell examples that failed").isEmpty();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
