package org.loanledger.query.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.shared.json.LedgerJson;

/**
 * The release check against the fixture store: today's code must mean exactly what the recorded release meant
 * ({@code release/replay-digests.json}), and a change of meaning must be reported at the first event it touches.
 */
class VerifyReplayTest {

    private static final String ACCOUNT = "fixture-acc-1";

    @TempDir
    Path dataDir;

    private final ObjectMapper json = LedgerJson.storageMapper();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Path recorded;

    @BeforeEach
    void storeTheFixtureAndTheRecordedDigests() throws Exception {
        FixtureStore.create(dataDir);
        recorded = dataDir.resolve("recorded-digests.json");
        try (InputStream in = getClass().getResourceAsStream("/release/replay-digests.json")) {
            Files.write(recorded, in.readAllBytes());
        }
    }

    private int verify(String... extra) throws Exception {
        String[] args = new String[4 + extra.length];
        args[0] = "--data-dir";
        args[1] = dataDir.toString();
        args[2] = "--digests";
        args[3] = recorded.toString();
        System.arraycopy(extra, 0, args, 4, extra.length);
        return new VerifyReplay().run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String report() {
        return output.toString(StandardCharsets.UTF_8);
    }

    private void alterRecorded(String field, int index) throws Exception {
        ObjectNode digests = (ObjectNode) json.readTree(recorded.toFile());
        ArrayNode values = (ArrayNode) digests.get(ACCOUNT).get(field);
        values.set(index, json.getNodeFactory().textNode("000000000000"));
        Files.writeString(recorded, json.writeValueAsString(digests));
    }

    @Test
    void theCurrentCodeMeansWhatTheRecordedReleaseMeant() throws Exception {
        assertThat(verify()).as(report()).isZero();
        assertThat(report()).contains("1 accounts checked, 0 would change");
    }

    @Test
    void aChangedStateIsReportedAtTheFirstEventItTouches() throws Exception {
        alterRecorded("stateDigests", 5);

        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains("1 would change").contains(ACCOUNT + ": state differs from event 5");
    }

    @Test
    void aChangedExplanationIsReportedAtTheEventThatImposedTheRestriction() throws Exception {
        alterRecorded("episodeDigests", 1);

        assertThat(verify()).isEqualTo(1);
        assertThat(report()).contains(ACCOUNT + ": explanation differs from event 7");
    }

    @Test
    void anAllowedChangeIsReportedButDoesNotFailTheCheck() throws Exception {
        alterRecorded("stateDigests", 5);
        Path allow = Files.writeString(dataDir.resolve("allow.txt"), "# intended in this release\n" + ACCOUNT + "\n");

        assertThat(verify("--allow", allow.toString())).isZero();
        assertThat(report()).contains("state differs from event 5 (allowed)");
    }

    @Test
    void recordingWritesDigestsThatTheNextCheckAccepts() throws Exception {
        Path fresh = dataDir.resolve("fresh-digests.json");

        assertThat(new VerifyReplay().run(new String[] {"--data-dir", dataDir.toString(), "--digests", fresh.toString(),
                "--record"}, new PrintStream(output, true, StandardCharsets.UTF_8))).isZero();
        assertThat(json.readTree(fresh.toFile()).get(ACCOUNT).get("events").asInt()).isEqualTo(15);
        assertThat(new VerifyReplay().run(new String[] {"--data-dir", dataDir.toString(), "--digests", fresh.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8))).isZero();
    }
}
