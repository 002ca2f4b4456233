package vn.truongson.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP link between the platform and its database that a test can cut and mend: cut, every open connection is
 * reset and new ones are refused, as when the database's host dies; mended, the same port accepts again. The link
 * binds its port first and keeps it, so the platform's JDBC URL stays the same across the outage.
 */
public final class CuttableLink implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    public CuttableLink(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        this.port = s.getLocalPort();
        listen(s);
    }

    public int port() {
        return port;
    }

    /** Resets every connection and refuses new ones. */
    public synchronized void cut() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) s.close();
        for (Socket socket : open) reset(socket);
        open.clear();
    }

    /** Accepts connections again on the same port. */
    public synchronized void mend() throws IOException {
        if (server != null) return;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        listen(s);
    }

    private void listen(ServerSocket s) {
        server = s;
        Thread.ofPlatform().daemon().name("link-accept-" + port).start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket db;
                    try {
                        db = new Socket(targetHost, targetPort);
                    } catch (IOException e) {
                        reset(client);
                        continue;
                    }
                    if (server != s) { // cut while we connected
                        reset(client);
                        reset(db);
                        continue;
                    }
                    open.add(client);
                    open.add(db);
                    pump(client, db);
                    pump(db, client);
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0;) out.write(buf, 0, n);
            } catch (IOException ignored) {
                // either end went away
            } finally {
                reset(from);
                reset(to);
            }
        });
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // RST, not a polite FIN: the peer sees the connection die
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
