package dev.strata.store.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file lines are appended to. Each line goes to the operating system in one write before
 * {@link #append} returns (no buffer in this process to lose). After a failed write the file is
 * closed, and opened again for the next line.
 */
final class LogFile {

    private final Path path;
    private FileChannel channel;
    private boolean closed;

    LogFile(Path path) throws IOException {
        this.path = path;
        this.channel = open(path);
    }

    private static FileChannel open(Path path) throws IOException {
        Path dir = path.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    Path path() {
        return path;
    }

    synchronized void append(String line) throws IOException {
        if (closed) {
            throw new IOException("the log file is closed");
        }
        if (channel == null) {
            channel = open(path);
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            closeChannel();
            throw e;
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized void close() {
        closed = true;
        closeChannel();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing, or going
            }
            channel = null;
        }
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
