package dev.strata.core.store;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a byte array (a journal frame, a snapshot frame, a JDBC record copy) as
 * {@link DataInputStream} over a {@link java.io.ByteArrayInputStream} does (big-endian, modified
 * UTF-8), without a synchronized stream call per value: reading a snapshot's records made
 * millions of them.
 */
public final class ByteInput implements DataInput {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] bytes;
    private int pos;

    public ByteInput(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Moves past n bytes, or fails as a stream that ends early does. */
    private int take(int n) throws EOFException {
        int at = pos;
        if (n > bytes.length - at) {
            pos = bytes.length;
            throw new EOFException();
        }
        pos = at + n;
        return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int skipped = Math.max(0, Math.min(n, bytes.length - pos));
        pos += skipped;
        return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
        return bytes[take(1)] != 0;
    }

    @Override
    public byte readByte() throws IOException {
        return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
        return bytes[take(1)] & 0xff;
    }

    @Override
    public short readShort() throws IOException {
        return (short) SHORT.get(bytes, take(2));
    }

    @Override
    public int readUnsignedShort() throws IOException {
        return readShort() & 0xffff;
    }

    @Override
    public char readChar() throws IOException {
        return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
        return (int) INT.get(bytes, take(4));
    }

    @Override
    public long readLong() throws IOException {
        return (long) LONG.get(bytes, take(8));
    }

    @Override
    public float readFloat() throws IOException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** Not used by Strata's formats. */
    @Override
    public String readLine() {
        throw new UnsupportedOperationException("readLine");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}
