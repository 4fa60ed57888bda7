package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionFileTest {

    @TempDir
    Path dataDir;

    private Path path() {
        return dataDir.resolve(DurablePosition.FILE_NAME);
    }

    /** What a publisher killed in the middle of a write leaves: an odd sequence number and a part of the new words. */
    static void leaveHalfWritten(Path file, long position) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer word = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            channel.read(word, PositionFile.SEQUENCE_AT);
            long sequence = word.flip().getLong();
            channel.write(word.clear().putLong(0, sequence | 1L), PositionFile.SEQUENCE_AT);
            channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, position),
                    PositionFile.SEQUENCE_AT + 2 * Long.BYTES);
        }
    }

    @Test
    void anotherMappingReadsWhatWasPublished() throws Exception {
        new PositionFile(path()).publish(42, new long[] {38, 40}, 1_234_567L);

        PositionFile.Publication read = new PositionFile(path()).read().orElseThrow();

        assertThat(read.position()).isEqualTo(42);
        assertThat(read.heldBack()).containsExactly(38, 40);
        assertThat(read.publishedAtMillis()).isEqualTo(1_234_567L);
        assertThat(Files.size(path())).isEqualTo(PositionFile.SIZE);
    }

    @Test
    void aPublicationIsWrittenInPlaceWhereAReaderAlreadyMappedTheFile() throws Exception {
        PositionFile publisher = new PositionFile(path());
        PositionFile reader = new PositionFile(path());
        publisher.publish(1, new long[0], 1L);
        assertThat(reader.read().orElseThrow().position()).isEqualTo(1);
        Object fileBefore = Files.readAttributes(path(), "unix:ino").get("ino");

        publisher.publish(2, new long[] {1}, 2L);

        PositionFile.Publication read = reader.read().orElseThrow();
        assertThat(read.position()).isEqualTo(2);
        assertThat(read.heldBack()).containsExactly(1);
        assertThat(Files.readAttributes(path(), "unix:ino").get("ino")).isEqualTo(fileBefore);
    }

    @Test
    void thereIsNothingToReadWithoutAFile() throws Exception {
        assertThat(new PositionFile(path()).read()).isEmpty();
        assertThat(Files.exists(path())).isFalse();
    }

    @Test
    void theTextOfAnEarlierReleaseReadsAsNothingPublishedAndIsReplacedByTheFirstPublication() throws Exception {
        Files.writeString(path(), "42\n38 40");
        assertThat(new PositionFile(path()).read()).isEmpty();

        new PositionFile(path()).publish(43, new long[0], 5L);

        assertThat(new PositionFile(path()).read().orElseThrow().position()).isEqualTo(43);
        assertThat(Files.exists(path().resolveSibling(DurablePosition.FILE_NAME + ".next"))).isFalse();
    }

    @Test
    void aPublicationLeftHalfWrittenIsNotReadUntilTheNextPublisherWritesOverIt() throws Exception {
        new PositionFile(path()).publish(42, new long[0], 1L);
        leaveHalfWritten(path(), 50);

        PositionFile reader = new PositionFile(path());
        assertThatThrownBy(reader::read).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("being written");

        new PositionFile(path()).publish(51, new long[] {49}, 2L);
        PositionFile.Publication read = reader.read().orElseThrow();
        assertThat(read.position()).isEqualTo(51);
        assertThat(read.heldBack()).containsExactly(49);
    }

    @Test
    void refusesMoreHeldBackIndexesThanFit() {
        long[] tooMany = LongStream.range(0, PositionFile.CAPACITY + 1).toArray();

        assertThatThrownBy(() -> new PositionFile(path()).publish(PositionFile.CAPACITY + 5, tooMany, 1L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(path())).isFalse();
    }

    /**
     * A reader never mixes two publications: while one thread publishes position n with the indexes n - k, ..., n - 1
     * held back (k varying from one to the next) and its time n, another, through a mapping of its own as the other
     * process has, checks that every publication it reads is one of them.
     */
    @Test
    void aReaderNeverMixesTwoPublications() throws Exception {
        PositionFile publisher = new PositionFile(path());
        publisher.publish(0, new long[0], 0);
        AtomicBoolean publishing = new AtomicBoolean(true);
        CompletableFuture<List<String>> reads = CompletableFuture.supplyAsync(() -> {
            PositionFile reader = new PositionFile(path());
            List<String> mixed = new ArrayList<>();
            long distinct = 0;
            long last = -1;
            while (publishing.get() || distinct < 2) {
                PositionFile.Publication read;
                try {
                    read = reader.read().orElseThrow();
                } catch (IllegalStateException e) {
                    continue; // being written on every attempt: this publisher never pauses, the serving process does
                } catch (Exception e) {
                    mixed.add(e.toString());
                    break;
                }
                long n = read.position();
                long[] expected = LongStream.range(n - n % 7, n).toArray();
                if (read.publishedAtMillis() != n || !Arrays.equals(read.heldBack(), expected) || n < last) {
                    mixed.add(n + " at " + read.publishedAtMillis() + " with " + Arrays.toString(read.heldBack()));
                }
                distinct += n != last ? 1 : 0;
                last = n;
            }
            mixed.add(0, Long.toString(distinct));
            return mixed;
        });
        for (long n = 1; n <= 300_000; n++) {
            publisher.publish(n, LongStream.range(n - n % 7, n).toArray(), n);
        }
        publishing.set(false);

        List<String> result = reads.get(30, TimeUnit.SECONDS);
        assertThat(result.subList(1, result.size())).as("mixed publications").isEmpty();
        assertThat(Long.parseLong(result.get(0))).as("distinct publications read while they were written")
                .isGreaterThan(1);
    }
}
