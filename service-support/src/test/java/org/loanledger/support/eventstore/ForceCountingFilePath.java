package org.loanledger.support.eventstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's file system under the prefix {@code forcecount:}, counting the times a file is forced to disk: H2 opens a
 * database named {@code forcecount:retry:/path} through it, and the tests see the forces no other way shows. Public,
 * as H2 creates one per path by reflection.
 */
public final class ForceCountingFilePath extends FilePathWrapper {

    static final String SCHEME = "forcecount";
    static final AtomicInteger FORCES = new AtomicInteger();

    public ForceCountingFilePath() {
    }

    /** Registers the file system (again: H2 keeps one per scheme); call before H2 opens a {@code forcecount:} name. */
    static void register() {
        FilePath.register(new ForceCountingFilePath());
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Counting(getBase().open(mode));
    }

    /** The wrapped file; H2's {@link FileBaseDefault} keeps the position for the relative reads and writes. */
    private static final class Counting extends FileBaseDefault {

        private final FileChannel base;

        Counting(FileChannel base) {
            this.base = base;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            FORCES.incrementAndGet();
            base.force(metaData);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return base.write(src, position);
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        protected void implTruncate(long size) throws IOException {
            base.truncate(size);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
