package dev.strata.core.store;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * {@link DataInput} over a byte buffer (a slice of a memory-mapped snapshot), so that one record
 * decodes where it lies, without copying its frame. {@link RecordCodec} takes a long run of ids
 * from it as a view of the buffer, without copying the ids.
 *
 * @since 0.8
 */
public final class BufferInput implements DataInput {

    private final ByteBuffer buf;

    /** Reads from the buffer's position on (moving it). */
    public BufferInput(ByteBuffer buf) {
        this.buf = buf;
    }

    /** Bytes read so far from the buffer's start. */
    public int position() {
        return buf.position();
    }

    /** The next n bytes as a read-only buffer of their own (not copied), read past. */
    ByteBuffer slice(int n) throws EOFException {
        need(n);
        ByteBuffer s = buf.slice(buf.position(), n).asReadOnlyBuffer();
        buf.position(buf.position() + n);
        return s;
    }

    private void need(int n) throws EOFException {
        if (buf.remaining() < n) {
            throw new EOFException("a value runs past the end of its frame (" + n + " bytes needed, " + buf.remaining()
                    + " left)");
        }
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        need(len);
        buf.get(b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.max(0, Math.min(n, buf.remaining()));
        buf.position(buf.position() + k);
        return k;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
        need(1);
        return buf.get();
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return readByte() & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        need(2);
        return buf.getShort();
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        need(2);
        return buf.getChar();
    }

    @Override
    public int readInt() throws IOException {
        need(4);
        return buf.getInt();
    }

    @Override
    public long readLong() throws IOException {
        need(8);
        return buf.getLong();
    }

    @Override
    public float readFloat() throws IOException {
        need(4);
        return buf.getFloat();
    }

    @Override
    public double readDouble() throws IOException {
        need(8);
        return buf.getDouble();
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("records hold no lines");
    }

    @Override
    public String readUTF() throws IOException {
        try {
            return DataInputStream.readUTF(this);
        } catch (BufferUnderflowException e) {
            throw new EOFException("a text runs past the end of its frame");
        }
    }
}
