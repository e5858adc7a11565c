package dev.exobridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/kubernetes/*.yaml, parsed into fabric8's typed model. That model keeps a field it does
 * not know in {@code additionalProperties} instead of failing, so every object is walked and any
 * such entry fails (a typo like {@code concurencyPolicy} would otherwise be dropped by the API
 * server). Enum values, the podFailurePolicy against {@link ExitCode}, the security context and
 * what the entry point and the Dockerfile expect are checked here too.
 */
class KubernetesManifestTest {
    private static final Path DIR = Path.of("docker", "kubernetes");
    private static final Map<String, Class<?>> KINDS = Map.of("ConfigMap", ConfigMap.class, "CronJob", CronJob.class,
            "Job", Job.class);
    private static final String CONTAINER = "job";

    /** What a pod's exit code makes Kubernetes do, per recipe; see docs/scheduling.md. */
    static String expectedAction(ExitCode code, boolean indexed) {
        return switch (code) {
            case OK -> null; // a success matches no rule
            case PREREQUISITE_MISSING -> "FailJob"; // the image is broken: the same for every index
            case USAGE, AUTH_FAILED, POWERSHELL_ERROR, INTERNAL -> indexed ? "FailIndex" : "FailJob";
            case TIMEOUT, PWSH_DIED, RETRY_LATER -> "Count";
            case INTERRUPTED, TERMINATED -> null; // default counting; an eviction is the Ignore rule
        };
    }

    /** Every document of a file, typed by its kind. */
    static List<Object> load(String yaml) throws IOException {
        ObjectMapper mapper = new YAMLMapper();
        List<Object> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = mapper.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                String kind = doc.path("kind").asText();
                assertThat(KINDS).as("a kind this test knows").containsKey(kind);
                Object typed = mapper.treeToValue(doc, KINDS.get(kind));
                assertThat(unknownFields(typed)).as("fields the %s model does not know", kind).isEmpty();
                out.add(typed);
            }
        }
        return out;
    }

    /** Paths of every non-empty additionalProperties under {@code root}. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, root.getClass().getSimpleName(), found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object o, String path, List<String> found, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || !g.getName().startsWith("get")
                    || g.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = g.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError(path + "." + g.getName() + "()", e);
            }
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                String name = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
                walk(v, path + "." + name, found, seen);
            }
        }
    }

    static List<Object> file(String name) throws IOException {
        return load(Files.readString(DIR.resolve(name)));
    }

    @SuppressWarnings("unchecked")
    static <T> T only(List<Object> docs, Class<T> type) {
        List<Object> of = docs.stream().filter(type::isInstance).toList();
        assertThat(of).as("one %s", type.getSimpleName()).hasSize(1);
        return (T) of.get(0);
    }

    @Test
    void theWalkFindsAFieldTheModelDoesNotKnowDeepInside() throws IOException {
        List<String> found = unknownFields(new YAMLMapper().readValue("""
                apiVersion: batch/v1
                kind: CronJob
                spec:
                  concurencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: job
                              resources: {limits: {memroy: 1Gi}}
                              securityContext: {readOnlyRootFilesytem: true}
                """, CronJob.class));
        assertThat(found).containsExactlyInAnyOrder("CronJob.spec: [concurencyPolicy]",
                "CronJob.spec.jobTemplate.spec.template.spec.containers[0].securityContext: [readOnlyRootFilesytem]");
        // A misspelt resource name is a key of a map, which the model cannot know: checked by name below.
    }

    @Test
    void theCronJobRunsOneAtATimeWithHistoryAndADeadline() throws IOException {
        List<Object> docs = file("cronjob.yaml");
        CronJob cron = only(docs, CronJob.class);
        assertThat(cron.getApiVersion()).isEqualTo("batch/v1");
        assertThat(cron.getSpec().getConcurrencyPolicy()).isIn("Allow", "Forbid", "Replace").isEqualTo("Forbid");
        assertThat(cron.getSpec().getStartingDeadlineSeconds()).isPositive();
        assertThat(cron.getSpec().getSuccessfulJobsHistoryLimit()).isPositive();
        assertThat(cron.getSpec().getFailedJobsHistoryLimit()).isPositive();
        assertThat(cron.getSpec().getSchedule().split(" ")).hasSize(5);
        assertThat(cron.getSpec().getTimeZone()).isNotBlank();
        JobSpec job = cron.getSpec().getJobTemplate().getSpec();
        assertThat(job.getCompletionMode()).isIn(null, "NonIndexed");
        assertThat(job.getBackoffLimit()).isPositive();
        assertThat(job.getBackoffLimitPerIndex()).isNull();
        checkFailurePolicy(job, false);
        checkPod(job.getTemplate().getSpec(), only(docs, ConfigMap.class), false);
    }

    @Test
    void theIndexedJobRunsEveryTenantWithBoundedParallelismAndRetriesPerIndex() throws IOException {
        List<Object> docs = file("indexed-job.yaml");
        Job job = only(docs, Job.class);
        JobSpec spec = job.getSpec();
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getParallelism()).isPositive().isLessThan(spec.getCompletions());
        assertThat(spec.getBackoffLimitPerIndex()).isPositive();
        assertThat(spec.getMaxFailedIndexes()).isPositive().isLessThanOrEqualTo(spec.getCompletions());
        checkFailurePolicy(spec, true);
        ConfigMap config = only(docs, ConfigMap.class);
        List<String> tenants = config.getData().get("tenants").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(tenants).as("one completion per tenant").hasSize(spec.getCompletions());
        checkPod(spec.getTemplate().getSpec(), config, true);
    }

    @Test
    void theTableInSchedulingMdSaysWhatThePolicyDoes() throws IOException {
        Map<Integer, String[]> rows = new TreeMap<>();
        for (String line : Files.readString(Path.of("docs", "scheduling.md")).lines().toList()) {
            String[] cells = line.split("\\|");
            if (cells.length > 4 && cells[1].strip().matches("\\d+(, \\d+)*")) {
                for (String code : cells[1].strip().split(", ")) {
                    rows.put(Integer.parseInt(code), new String[] {cells[3].strip(), cells[4].strip()});
                }
            }
        }
        for (ExitCode c : ExitCode.values()) {
            assertThat(rows).as("docs/scheduling.md's row for exit %d", c.code()).containsKey(c.code());
            if (expectedAction(c, false) != null) {
                assertThat(rows.get(c.code())).as("exit %d: CronJob, Indexed Job", c.code())
                        .containsExactly(expectedAction(c, false), expectedAction(c, true));
            }
        }
    }

    private static void checkFailurePolicy(JobSpec job, boolean indexed) {
        assertThat(job.getTemplate().getSpec().getRestartPolicy()).as("podFailurePolicy needs Never").isEqualTo("Never");
        List<PodFailurePolicyRule> rules = job.getPodFailurePolicy().getRules();
        assertThat(rules.get(0).getAction()).as("an eviction is not the job's fault").isEqualTo("Ignore");
        assertThat(rules.get(0).getOnPodConditions()).singleElement()
                .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
        Map<Integer, String> actions = new TreeMap<>();
        for (PodFailurePolicyRule r : rules) {
            assertThat(r.getAction()).isIn("FailJob", "FailIndex", "Ignore", "Count");
            if (r.getAction().equals("FailIndex")) {
                assertThat(job.getBackoffLimitPerIndex()).as("FailIndex needs backoffLimitPerIndex").isNotNull();
            }
            assertThat(r.getOnExitCodes() == null).as("a rule has exit codes or pod conditions, not both")
                    .isNotEqualTo(r.getOnPodConditions() == null || r.getOnPodConditions().isEmpty());
            if (r.getOnExitCodes() == null) {
                continue;
            }
            assertThat(r.getOnExitCodes().getOperator()).isIn("In", "NotIn").isEqualTo("In");
            assertThat(r.getOnExitCodes().getContainerName()).isEqualTo(CONTAINER);
            List<Integer> values = r.getOnExitCodes().getValues();
            assertThat(values).as("Kubernetes wants them unique and ascending").isSorted().doesNotHaveDuplicates()
                    .doesNotContain(0);
            for (int v : values) {
                assertThat(java.util.Arrays.stream(ExitCode.values()).anyMatch(c -> c.code() == v))
                        .as("%d is an exit code of exo-bridge (ExitCode)", v).isTrue();
                assertThat(actions.putIfAbsent(v, r.getAction())).as("%d in one rule only", v).isNull();
            }
        }
        Map<Integer, String> expected = new TreeMap<>();
        for (ExitCode c : ExitCode.values()) {
            String a = expectedAction(c, indexed);
            if (a != null) {
                expected.put(c.code(), a);
            }
        }
        assertThat(actions).as("the action for each exit code").isEqualTo(expected);
    }

    private static void checkPod(PodSpec pod, ConfigMap config, boolean indexed) throws IOException {
        String entrypoint = Files.readString(Path.of("docker", "entrypoint.sh"));
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        long uid = Long.parseLong(match(dockerfile, "ARG JOB_UID=(\\d+)"));
        String home = match(dockerfile, "ENV HOME=(\\S+)");

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's user").isEqualTo(uid);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(uid);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isIn("RuntimeDefault", "Localhost", "Unconfined");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        Container c = pod.getContainers().stream().filter(x -> x.getName().equals(CONTAINER)).findFirst().orElseThrow();
        assertThat(c.getImagePullPolicy()).isIn("Always", "IfNotPresent", "Never");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");

        assertThat(c.getResources().getRequests().keySet()).isSubsetOf("cpu", "memory").contains("memory");
        assertThat(c.getResources().getLimits().keySet()).isSubsetOf("cpu", "memory").contains("memory");
        Quantity request = c.getResources().getRequests().get("memory");
        Quantity limit = c.getResources().getLimits().get("memory");
        assertThat(Quantity.getAmountInBytes(limit)).isGreaterThanOrEqualTo(Quantity.getAmountInBytes(request));

        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, String> mounts = new LinkedHashMap<>(); // path -> volume
        for (VolumeMount m : c.getVolumeMounts()) {
            assertThat(volumes).as("volume of mount %s", m.getMountPath()).containsKey(m.getName());
            mounts.put(m.getMountPath(), m.getName());
        }
        for (String writable : List.of(home, "/tmp")) {
            assertThat(mounts).as("a writable %s on a read-only root", writable).containsKey(writable);
            assertThat(volumes.get(mounts.get(writable)).getEmptyDir()).isNotNull();
        }

        // Every variable set is one the entry point reads; the mounted files are where it looks.
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            assertThat(entrypoint).as("entrypoint.sh reads %s", e.getName()).contains("${" + e.getName());
            env.put(e.getName(), e.getValue());
        }
        assertThat(env).doesNotContainKeys("EXOBRIDGE_CERTIFICATE_PASSWORD", "EXOBRIDGE_ACCESS_TOKEN", "EXOBRIDGE_PASSWORD");
        assertThat(env.containsKey("EXOBRIDGE_JOB_PROFILE")).as("a plain job names its profile").isNotEqualTo(indexed);
        List<String> files = new ArrayList<>(List.of(path(entrypoint, env, "EXOBRIDGE_JOB_SCRIPT"),
                path(entrypoint, env, "EXOBRIDGE_JOB_PROFILES")));
        if (indexed) {
            files.add(path(entrypoint, env, "EXOBRIDGE_JOB_TENANTS"));
        }
        for (String f : files) {
            Path p = Path.of(f);
            Volume v = volumes.get(mounts.get(p.getParent().toString()));
            assertThat(v).as("a volume mounted at %s", p.getParent()).isNotNull();
            assertThat(v.getConfigMap().getName()).isEqualTo(config.getMetadata().getName());
            assertThat(v.getConfigMap().getItems()).anySatisfy(i -> {
                assertThat(i.getPath()).isEqualTo(p.getFileName().toString());
                assertThat(config.getData()).containsKey(i.getKey());
            });
        }
        Volume profilesVolume = volumes.get(mounts.get(Path.of(path(entrypoint, env, "EXOBRIDGE_JOB_PROFILES")).getParent().toString()));
        assertThat(profilesVolume.getConfigMap().getDefaultMode()).as("0440: exo-bridge refuses others-readable")
                .isEqualTo(0440);

        // Each profile's files lie in a mounted Secret readable by the group only.
        JsonNode profiles = new ObjectMapper().readTree(config.getData().get("profiles.json"));
        assertThat(profiles.size()).isPositive();
        if (indexed) {
            config.getData().get("tenants").lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(t -> assertThat(profiles.has(t)).as("profile %s of the tenants list", t).isTrue());
        } else {
            assertThat(profiles.has(env.get("EXOBRIDGE_JOB_PROFILE"))).isTrue();
        }
        for (JsonNode p : profiles) {
            for (String f : List.of(p.path("certificateFile").asText(),
                    p.path("certificatePassword").asText().replaceFirst("^file:", ""))) {
                Path secretFile = Path.of(f);
                Volume v = volumes.get(mounts.get(secretFile.getParent().toString()));
                assertThat(v).as("a Secret mounted for %s", f).isNotNull();
                assertThat(v.getSecret()).as("%s comes from a Secret", f).isNotNull();
                assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
            }
        }
    }

    /** The file the entry point reads: the variable's value in the pod, else its default there. */
    private static String path(String entrypoint, Map<String, String> env, String variable) {
        return env.getOrDefault(variable, match(entrypoint, Pattern.quote("${" + variable + ":-") + "([^}]+)}"));
    }

    private static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in the text", regex).isTrue();
        return m.group(1);
    }
}
