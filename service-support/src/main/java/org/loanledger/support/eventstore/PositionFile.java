package org.loanledger.support.eventstore;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The file in which the process serving the embedded event store publishes its durable position and the other
 * process reads it, mapped into both processes' memory and updated in place: publishing is a few stores and reading
 * a few loads, where a file written, renamed and read again every round cost both services about 0.05 of a core at
 * 1,000 commands a second.
 *
 * <p>Eight-byte words in the machine's byte order: a mark of this layout, a sequence number, the time of the
 * publication (epoch milliseconds), the position, the number of held-back indexes, then those indexes. The sequence
 * number is odd while the publisher writes; a reader keeps what it read only if the number was even and the same
 * before and after (a seqlock), so it never mixes two publications. A publisher killed in the middle of a write
 * leaves it odd, and the file unreadable until the next process to serve the store publishes over it.
 *
 * <p>The file is created whole, holding its first publication, by a write to a sibling and a rename, so that no
 * reader ever maps a short one; after that it is only written in place. A file in another layout (the text an
 * earlier release wrote) reads as nothing published and is replaced by the first publication.
 */
final class PositionFile {

    /** How many held-back indexes a publication holds at most. */
    static final int CAPACITY = StoredTimestampEventStorageEngine.DEFAULT_MAX_GAP_OFFSET;

    /** "LDGRPOS1": this layout. */
    private static final long MARK = 0x4c444752504f5331L;
    private static final int MARK_AT = 0;
    static final int SEQUENCE_AT = 8;
    private static final int PUBLISHED_AT = 16;
    private static final int POSITION_AT = 24;
    private static final int COUNT_AT = 32;
    private static final int HELD_BACK_AT = 40;
    static final int SIZE = HELD_BACK_AT + CAPACITY * Long.BYTES;

    /** How often a reader looks again while a publication is being written, before it gives up for this round. */
    private static final int READ_ATTEMPTS = 1_000;

    private static final VarHandle WORD = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** One publication: the position, the indexes below it held back (sorted), and when it was published. */
    record Publication(long position, long[] heldBack, long publishedAtMillis) {
    }

    private final Path path;
    private MappedByteBuffer writable;
    private MappedByteBuffer readable;

    PositionFile(Path path) {
        this.path = path;
    }

    /**
     * Publishes a position and the indexes below it that are held back. Only the process that serves the store
     * publishes; the caller keeps a second publisher in this process from writing at the same time.
     */
    void publish(long position, long[] heldBack, long atMillis) throws IOException {
        if (heldBack.length > CAPACITY) {
            throw new IllegalArgumentException(heldBack.length + " held-back indexes; at most " + CAPACITY + " fit");
        }
        if (writable == null && !mapWritable()) {
            create(position, heldBack, atMillis);
            mapWritable();
            return;
        }
        long writing = (long) WORD.getVolatile(writable, SEQUENCE_AT) | 1L;
        WORD.setVolatile(writable, SEQUENCE_AT, writing);
        VarHandle.storeStoreFence();
        write(writable, position, heldBack, atMillis);
        WORD.setRelease(writable, SEQUENCE_AT, writing + 1);
    }

    /**
     * What is published: empty when there is no file or it is in another layout.
     *
     * @throws IllegalStateException when a publication was being written on every attempt, or its publisher died
     *                               writing it: the reader keeps what it knew
     */
    Optional<Publication> read() throws IOException {
        if (readable == null && !mapReadable()) {
            return Optional.empty();
        }
        return readMapped();
    }

    /**
     * Maps the file again, for a reader whose publication has not changed for a while: the file may have been
     * replaced since it was mapped (a reader that maps a file no one writes any more sees it age, never change).
     */
    void remap() {
        readable = null;
    }

    private Optional<Publication> readMapped() {
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            long before = (long) WORD.getAcquire(readable, SEQUENCE_AT);
            if ((before & 1L) == 0) {
                long publishedAt = (long) WORD.getOpaque(readable, PUBLISHED_AT);
                long position = (long) WORD.getOpaque(readable, POSITION_AT);
                long count = (long) WORD.getOpaque(readable, COUNT_AT);
                long[] heldBack = count < 0 || count > CAPACITY ? null : new long[(int) count];
                for (int i = 0; heldBack != null && i < heldBack.length; i++) {
                    heldBack[i] = (long) WORD.getOpaque(readable, HELD_BACK_AT + i * Long.BYTES);
                }
                VarHandle.loadLoadFence();
                if (heldBack != null && (long) WORD.getVolatile(readable, SEQUENCE_AT) == before) {
                    return Optional.of(new Publication(position, heldBack, publishedAt));
                }
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("the durable position in " + path + " was being written on each of "
                + READ_ATTEMPTS + " reads");
    }

    private static void write(ByteBuffer words, long position, long[] heldBack, long atMillis) {
        WORD.setOpaque(words, PUBLISHED_AT, atMillis);
        WORD.setOpaque(words, POSITION_AT, position);
        WORD.setOpaque(words, COUNT_AT, (long) heldBack.length);
        for (int i = 0; i < heldBack.length; i++) {
            WORD.setOpaque(words, HELD_BACK_AT + i * Long.BYTES, heldBack[i]);
        }
    }

    /** Writes the whole file, holding its first publication, beside it, then renames it into place. */
    private void create(long position, long[] heldBack, long atMillis) throws IOException {
        ByteBuffer words = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        WORD.set(words, MARK_AT, MARK);
        WORD.set(words, SEQUENCE_AT, 0L);
        write(words, position, heldBack, atMillis);
        Path next = path.resolveSibling(path.getFileName() + ".next");
        try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (words.hasRemaining()) {
                channel.write(words);
            }
        }
        try {
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private boolean mapWritable() throws IOException {
        writable = map(FileChannel.MapMode.READ_WRITE);
        return writable != null;
    }

    private boolean mapReadable() throws IOException {
        readable = map(FileChannel.MapMode.READ_ONLY);
        return readable != null;
    }

    /** The file mapped, or null if there is none or it is not in this layout. */
    private MappedByteBuffer map(FileChannel.MapMode mode) throws IOException {
        StandardOpenOption[] options = mode == FileChannel.MapMode.READ_WRITE
                ? new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ};
        try (FileChannel channel = FileChannel.open(path, options)) {
            if (channel.size() != SIZE) {
                return null;
            }
            MappedByteBuffer words = channel.map(mode, 0, SIZE);
            words.order(ByteOrder.nativeOrder());
            return (long) WORD.getVolatile(words, MARK_AT) == MARK ? words : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
