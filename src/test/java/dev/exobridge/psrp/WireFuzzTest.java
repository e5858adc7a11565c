package dev.exobridge.psrp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.exobridge.psrp.clixml.CliXmlReader;
import dev.exobridge.testsupport.Fuzz;
import dev.exobridge.testsupport.GoldenTraffic;
import dev.exobridge.testsupport.Mutation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the transport codec (issue 16): random and mutated packet lines, packet payloads,
 * fragment sequences, message bytes and whole transcripts, the recorded real traffic of
 * src/test/resources/golden included. Every case ends in a correct parse (it survives a
 * round trip) or a {@link ProtocolException}, within a time bound and with bounded allocation:
 * see {@link Fuzz}. 7,000 cases here and 3,000 in CliXmlFuzzTest are the CI short form;
 * {@code scripts/reliability.sh} runs 100 times as many.
 */
@AddLifecycleHook(Fuzz.Scaled.class)
class WireFuzzTest {
    private static final Fuzz.Tally LINES = new Fuzz.Tally("packet lines");
    private static final Fuzz.Tally PAYLOADS = new Fuzz.Tally("packet payloads");
    private static final Fuzz.Tally SEQUENCES = new Fuzz.Tally("fragment sequences");
    private static final Fuzz.Tally MESSAGES = new Fuzz.Tally("message bytes");
    private static final Fuzz.Tally TRANSCRIPTS = new Fuzz.Tally("transcript files");
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("exo-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @AfterProperty
    void figures() {
        for (Fuzz.Tally t : List.of(LINES, PAYLOADS, SEQUENCES, MESSAGES, TRANSCRIPTS)) {
            t.printAndReset();
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some(6);
    }

    @Provide
    Arbitrary<Integer> line() {
        return Arbitraries.integers().between(0, GoldenTraffic.LINES.size() - 1);
    }

    @Provide
    Arbitrary<Integer> payload() {
        return Arbitraries.integers().between(0, GoldenTraffic.PAYLOADS.size() - 1);
    }

    @Provide
    Arbitrary<Integer> message() {
        return Arbitraries.integers().between(0, GoldenTraffic.MESSAGES.size() - 1);
    }

    @Provide
    Arbitrary<Integer> file() {
        return Arbitraries.integers().between(0, GoldenTraffic.FILES.size() - 1);
    }

    @Provide
    Arbitrary<String> packetish() {
        Arbitrary<String> head = Arbitraries.of("", "<Data Stream='Default' PSGuid='00000000-0000-0000-0000-000000000000'>",
                "<Data Stream='Default' PSGuid='", "<Close PSGuid='", "<DataAck PSGuid='4ff64e0b-65ba-436e-93f0-e24ca6feda15' ",
                "<", "<Signal");
        return net.jqwik.api.Combinators.combine(head, Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of("", "</Data>", "' />", " />", "'>")).as((a, b, c) -> a + b + c);
    }

    @Property(tries = 1500)
    void mutatedPacketLinesParseOrAreProtocolErrors(@ForAll("line") int line, @ForAll("mutations") List<Mutation> ms) {
        packetLine(Mutation.apply(GoldenTraffic.LINES.get(line), ms));
    }

    @Property(tries = 500)
    void randomPacketLinesParseOrAreProtocolErrors(@ForAll("packetish") String text) {
        packetLine(text);
    }

    private static void packetLine(String text) {
        Fuzz.run(LINES, text, text.length(), () -> Packet.parse(text), p -> {
            Packet again = Packet.parse(p.format());
            assertThat(again.kind()).isEqualTo(p.kind());
            assertThat(again.guid()).isEqualTo(p.guid());
            assertThat(again.stream()).isEqualTo(p.stream());
            assertThat(again.payload()).isEqualTo(p.payload());
        });
    }

    @Property(tries = 1500)
    void mutatedPayloadsSplitIntoFragmentsOrAreProtocolErrors(@ForAll("payload") int payload,
                                                               @ForAll("mutations") List<Mutation> ms) {
        payloadBytes(Mutation.apply(GoldenTraffic.PAYLOADS.get(payload), ms));
    }

    @Property(tries = 500)
    void randomPayloadsSplitIntoFragmentsOrAreProtocolErrors(@ForAll @Size(max = 300) byte[] bytes) {
        payloadBytes(bytes);
    }

    private static void payloadBytes(byte[] bytes) {
        Fuzz.run(PAYLOADS, bytes, bytes.length, () -> Fragment.parseAll(bytes), frags -> {
            // A parse is correct when the fragments are exactly the bytes they came from.
            ByteBuffer b = ByteBuffer.allocate(frags.stream().mapToInt(Fragment::wireSize).sum());
            frags.forEach(f -> f.writeTo(b));
            assertThat(b.array()).isEqualTo(bytes);
        });
    }

    /** How the fragments of a recorded file are disordered: swapped, repeated, dropped, or their flags changed. */
    record Disorder(int kind, int i, int j) {
    }

    @Provide
    Arbitrary<List<Disorder>> disorders() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 9999)).as(Disorder::new).list().ofMaxSize(4);
    }

    @Property(tries = 1500)
    void disorderedFragmentsReassembleTheirOwnMessageOrAreProtocolErrors(@ForAll("file") int file,
                                                                        @ForAll("disorders") List<Disorder> ds) {
        List<Fragment> frags = new ArrayList<>(GoldenTraffic.FRAGMENTS.get(file));
        Map<Long, List<byte[]>> original = messagesByObject(frags);
        for (Disorder d : ds) {
            int i = d.i() % frags.size();
            int j = d.j() % frags.size();
            switch (d.kind()) {
                case 0 -> java.util.Collections.swap(frags, i, j);
                case 1 -> frags.add(j, frags.get(i));
                case 2 -> frags.remove(i);
                default -> {
                    Fragment f = frags.get(i);
                    frags.set(i, new Fragment(f.objectId(), f.fragmentId() + (j % 3) - 1, (j & 1) != 0, (j & 2) != 0, f.blob()));
                }
            }
        }
        long size = frags.stream().mapToLong(Fragment::wireSize).sum();
        Fuzz.run(SEQUENCES, "fragments of " + GoldenTraffic.FILES.get(file) + " disordered by " + ds, size, () -> {
            Defragmenter d = new Defragmenter();
            List<Map.Entry<Integer, byte[]>> done = new ArrayList<>();
            for (int k = 0; k < frags.size(); k++) {
                byte[] whole = d.add(frags.get(k));
                if (whole != null) {
                    done.add(Map.entry(k, whole));
                }
            }
            return done;
        }, done -> {
            // With a flag or id changed, a message may rightly end early (an end flag set on a middle
            // fragment): it must then be its own fragments as given, from its start to its end.
            boolean flagsChanged = ds.stream().anyMatch(x -> x.kind() == 3);
            for (Map.Entry<Integer, byte[]> m : done) {
                long id = frags.get(m.getKey()).objectId();
                if (flagsChanged) {
                    assertThat(m.getValue()).as("message %d is its fragments as given", id)
                            .isEqualTo(ownFragments(frags, m.getKey()));
                } else {
                    assertThat(original.get(id)).as("message %d is one that was sent", id)
                            .anySatisfy(o -> assertThat(o).isEqualTo(m.getValue()));
                }
            }
        });
    }

    /** The blobs of the fragments of the object of {@code frags[end]}, from its last start fragment up to {@code end}. */
    private static byte[] ownFragments(List<Fragment> frags, int end) {
        long id = frags.get(end).objectId();
        int start = end;
        while (!(frags.get(start).objectId() == id && frags.get(start).start())) {
            start--;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int k = start; k <= end; k++) {
            if (frags.get(k).objectId() == id) {
                out.writeBytes(frags.get(k).blob());
            }
        }
        return out.toByteArray();
    }

    private static Map<Long, List<byte[]>> messagesByObject(List<Fragment> frags) {
        Map<Long, List<byte[]>> out = new HashMap<>();
        Defragmenter d = new Defragmenter();
        for (Fragment f : frags) {
            byte[] whole = d.add(f);
            if (whole != null) {
                out.computeIfAbsent(f.objectId(), k -> new ArrayList<>()).add(whole);
            }
        }
        return out;
    }

    @Property(tries = 1000)
    void mutatedMessagesDecodeOrAreProtocolErrors(@ForAll("message") int message, @ForAll("mutations") List<Mutation> ms) {
        byte[] bytes = Mutation.apply(GoldenTraffic.MESSAGES.get(message), ms);
        // As the engine reads them: the message, then its CLIXML body.
        Fuzz.run(MESSAGES, bytes, bytes.length, () -> {
            Message m = Message.decode(bytes);
            return m.body().isEmpty() ? m : java.util.Map.entry(m, new CliXmlReader(null).read(m.body())).getKey();
        }, m -> assertThat(Message.decode(m.encode())).isEqualTo(m));
    }

    @Property(tries = 500)
    void mutatedTranscriptsReadOrAreProtocolErrors(@ForAll("file") int file, @ForAll("mutations") List<Mutation> ms)
            throws IOException {
        byte[] bytes = Mutation.apply(Files.readAllBytes(GoldenTraffic.FILES.get(file)), ms);
        Path cut = dir.resolve("transcript.log");
        Files.write(cut, bytes);
        Fuzz.run(TRANSCRIPTS, GoldenTraffic.FILES.get(file) + " mutated by " + ms, bytes.length, () -> {
            try {
                return TranscriptReader.messages(cut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, messages -> messages.forEach(m -> assertThat(Message.decode(m.encode())).isEqualTo(m)));
    }

    @org.junit.jupiter.api.Test
    void theGoldenTrafficIsThere() {
        // Guards the fuzzing above against an empty corpus (a moved resource would make it vacuous).
        assertThat(GoldenTraffic.LINES).hasSizeGreaterThan(100);
        assertThat(GoldenTraffic.BODIES).hasSizeGreaterThan(50);
        assertThat(GoldenTraffic.MESSAGES.stream().mapToInt(b -> b.length).max().orElse(0)).isGreaterThan(30_000);
    }

    /** A declared length is believed only as far as the bytes present: 2 GB declared, nothing allocated. */
    @org.junit.jupiter.api.Test
    void aFragmentDeclaringTwoGigabytesAllocatesNothing() {
        byte[] header = ByteBuffer.allocate(Fragment.HEADER + 4).putLong(1).putLong(0).put((byte) 3)
                .putInt(Integer.MAX_VALUE).putInt(0).array();
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ProtocolException refused = null;
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            Fragment.parseAll(header);
        } catch (ProtocolException e) {
            refused = e;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(refused).hasMessageContaining("declares 2147483647 bytes but 4 remain");
        assertThat(allocated).isLessThan(1 << 20);
    }
}
