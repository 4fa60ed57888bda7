package org.loanledger.query.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded view store keeps a document in its file: as BSON, the form it arrives in over the wire.
 *
 * <p>mongo-java-server's H2 backend leaves documents to H2's generic object type, which Java-serializes each one,
 * class descriptors and all, whenever a page of the collection is written and deserializes it whenever the page is
 * read back: a third of the query side's CPU under load went there. BSON is written and read several times faster
 * and takes less room. Documents written in the older form are still read (they carry the generic type's tag, never
 * {@link #BSON}) and are rewritten as BSON the next time their page is written.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /** The first byte of a value in this form; H2's generic type never starts a value with it (its tags end at 119). */
    static final byte BSON = 126;

    private final ObjectDataType older = new ObjectDataType();

    @Override
    public void write(WriteBuffer buff, Document document) {
        ByteBuf bson = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, bson);
        } catch (RuntimeException notEncodable) {
            // A value BSON has no type for (none a client can send): keep the document in the generic form.
            older.write(buff, document);
            return;
        }
        buff.put(BSON);
        buff.put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
    }

    @Override
    public Document read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BSON) {
            return (Document) older.read(buff);
        }
        buff.get();
        ByteBuf bson = Unpooled.wrappedBuffer(buff);
        Document document = BsonDecoder.decodeBson(bson);
        buff.position(buff.position() + bson.readerIndex());
        return document;
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    /** What H2's page cache counts for a document in memory: a walk over it, with no encoding. */
    @Override
    public int getMemory(Document document) {
        return (int) Math.min(Integer.MAX_VALUE, memory(document));
    }

    static long memory(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String text) {
            return 48 + text.length();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 64;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 48 + memory(entry.getKey()) + memory(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            long size = 40;
            for (Object element : values) {
                size += 8 + memory(element);
            }
            return size;
        }
        if (value instanceof byte[] bytes) {
            return 16 + bytes.length;
        }
        return 24;
    }
}
