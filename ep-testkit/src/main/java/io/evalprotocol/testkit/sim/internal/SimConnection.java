package io.evalprotocol.testkit.sim.internal;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpServerConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.io.CloseMode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A server connection the request handler can take over to misbehave: write raw bytes and close with FIN
 * (truncation) or reset it (RST). The classic server runs each connection on one worker thread, so the
 * handler finds its connection through a thread-local set when the request head is read.
 */
final class SimConnection extends DefaultBHttpServerConnection {
    private static final ThreadLocal<SimConnection> CURRENT = new ThreadLocal<>();

    private volatile boolean hijacked;

    /**
     * Bodies up to 16 KiB are buffered with their headers, so a typical response leaves in one write (the default
     * fragment hint of 512 bytes would send headers and body separately).
     */
    private static final Http1Config HTTP1 = Http1Config.custom().setBufferSize(16 * 1024)
            .setChunkSizeHint(16 * 1024).build();

    SimConnection() {
        super("http", HTTP1);
    }

    static HttpConnectionFactory<SimConnection> factory() {
        return socket -> {
            SimConnection c = new SimConnection();
            c.bind(socket);
            return c;
        };
    }

    static SimConnection current() {
        SimConnection c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("no simulated-provider connection on this thread");
        }
        return c;
    }

    @Override
    public ClassicHttpRequest receiveRequestHeader() throws HttpException, IOException {
        CURRENT.set(this);
        return super.receiveRequestHeader();
    }

    /** Takes the raw socket: HttpCore will write nothing more on this connection. */
    OutputStream hijack() throws IOException {
        hijacked = true;
        Socket s = getSocketHolder().getSocket();
        return s.getOutputStream();
    }

    /** Sends what was written, then FIN: the client sees the body end early. */
    void finishHijacked() throws IOException {
        Socket s = getSocketHolder().getSocket();
        s.getOutputStream().flush();
        s.shutdownOutput();
        close();
    }

    /** Closes with SO_LINGER 0: the peer gets a TCP RST. */
    void reset() {
        hijacked = true;
        close(CloseMode.IMMEDIATE);
    }

    @Override
    public void sendResponseHeader(ClassicHttpResponse response) throws HttpException, IOException {
        if (!hijacked) {
            super.sendResponseHeader(response);
        }
    }

    @Override
    public void sendResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
        if (!hijacked) {
            super.sendResponseEntity(response);
        }
    }

    @Override
    public void flush() throws IOException {
        if (!hijacked) {
            super.flush();
        }
    }

    @Override
    public boolean isOpen() {
        return !hijacked && super.isOpen();
    }

    @Override
    public void close() throws IOException {
        CURRENT.remove();
        super.close();
    }
}
