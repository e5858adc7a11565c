package dev.exobridge.testsupport;

import dev.exobridge.psrp.Defragmenter;
import dev.exobridge.psrp.Fragment;
import dev.exobridge.psrp.Message;
import dev.exobridge.psrp.Packet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The recorded real traffic of src/test/resources/golden (PowerShell's own client and pwsh), cut
 * into what each layer of the codec reads: lines, packet payloads, fragments, message bytes and
 * CLIXML bodies. Loaded once; the lists are shared and must not be changed.
 */
public final class GoldenTraffic {
    /** Every transcript file. */
    public static final List<Path> FILES;
    /** Every packet line of every file. */
    public static final List<String> LINES;
    /** Every Data packet's payload. */
    public static final List<byte[]> PAYLOADS;
    /** Each file's fragments in the order they were sent. */
    public static final List<List<Fragment>> FRAGMENTS;
    /** Every whole message's bytes. */
    public static final List<byte[]> MESSAGES;
    /** Every non-empty CLIXML message body. */
    public static final List<String> BODIES;

    static {
        List<Path> files = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        List<List<Fragment>> fragments = new ArrayList<>();
        List<byte[]> messages = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of(GoldenTraffic.class.getResource("/golden").toURI()))) {
            for (Path dir : dirs.sorted().toList()) {
                for (String name : List.of("client-to-server.log", "server-to-client.log")) {
                    Path file = dir.resolve(name);
                    files.add(file);
                    List<Fragment> inFile = new ArrayList<>();
                    Defragmenter d = new Defragmenter();
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        if (line.isBlank()) {
                            continue;
                        }
                        lines.add(line);
                        Packet p = Packet.parse(line);
                        if (p.payload() == null) {
                            continue;
                        }
                        payloads.add(p.payload());
                        for (Fragment f : Fragment.parseAll(p.payload())) {
                            inFile.add(f);
                            byte[] whole = d.add(f);
                            if (whole != null) {
                                messages.add(whole);
                                String body = Message.decode(whole).body();
                                if (!body.isEmpty()) {
                                    bodies.add(body);
                                }
                            }
                        }
                    }
                    fragments.add(List.copyOf(inFile));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        FILES = List.copyOf(files);
        LINES = List.copyOf(lines);
        PAYLOADS = List.copyOf(payloads);
        FRAGMENTS = List.copyOf(fragments);
        MESSAGES = List.copyOf(messages);
        BODIES = List.copyOf(bodies);
    }

    private GoldenTraffic() {
    }
}
