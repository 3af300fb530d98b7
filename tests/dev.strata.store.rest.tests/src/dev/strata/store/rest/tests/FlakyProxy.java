package dev.strata.store.rest.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback between a REST store and the server that fails on demand: it can cut
 * every connection (and refuse new ones) or swallow the response to the next POST after the
 * server has processed it, as a network failure in the middle of a commit would.
 */
final class FlakyProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dropNextPost = new AtomicBoolean();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean cut;

    FlakyProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "flaky-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The same URL as on the server, through this proxy. */
    URI via(URI server) {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + server.getRawPath());
    }

    /** Cuts every open connection and refuses new ones, or lets connections through again. */
    void cut(boolean on) {
        cut = on;
        if (on) {
            sockets.forEach(FlakyProxy::closeQuietly);
            sockets.clear();
        }
    }

    /** The response to the next POST is swallowed and its connection closed. */
    void dropNextPostResponse() {
        dropNextPost.set(true);
    }

    int droppedResponses() {
        return dropped.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                if (cut) {
                    // cut() ran between the check above and the adds: it did not see these two.
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                AtomicBoolean armed = new AtomicBoolean();
                pump(client, upstream, armed, true);
                pump(upstream, client, armed, false);
            } catch (IOException e) {
                // listener closed, or the server is gone: the client sees a failed connection
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean armed, boolean request) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (request && n >= 5 && new String(buf, 0, 5, StandardCharsets.US_ASCII).equals("POST ")
                            && dropNextPost.compareAndSet(true, false)) {
                        armed.set(true);
                    }
                    if (!request && armed.get()) {
                        // The server answered; the client never hears it.
                        dropped.incrementAndGet();
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "flaky-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut(true);
        listener.close();
    }
}
