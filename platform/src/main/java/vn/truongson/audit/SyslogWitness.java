package vn.truongson.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A witness beyond a file (issue 11): each signed tree head sent to a syslog host as an RFC 5424 message
 * ({@code truongson.audit.witness.syslog=host:port}, {@code …syslog-protocol=udp|tcp}; TCP frames by octet counting,
 * RFC 6587 §3.4.1), facility 13 (log audit), severity 5 (notice), APP-NAME {@code truongson}, MSGID
 * {@code audit-head}, the message the head file's line ({@link HeadFile#lineOf}). The syslog host keeps it out of the
 * database administrators' reach; where its file is mounted back readable ({@code …syslog-copy}), verify reads it as
 * one more copy of the heads ({@link HeadFile} skips the syslog header before the JSON).
 */
final class SyslogWitness {

    static final int PRI = 13 * 8 + 5;

    private final String host;
    private final int port;
    private final boolean tcp;
    private final String hostname;
    private @Nullable Socket socket;

    SyslogWitness(String hostPort, String protocol) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("truongson.audit.witness.syslog must be host:port, not " + hostPort);
        this.host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        this.port = Integer.parseInt(hostPort.substring(colon + 1));
        this.tcp = "tcp".equalsIgnoreCase(protocol.strip());
        if (!tcp && !"udp".equalsIgnoreCase(protocol.strip())) throw new IllegalArgumentException("truongson.audit.witness.syslog-protocol: udp or tcp");
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = "-";
        }
        this.hostname = h.isBlank() ? "-" : h.replace(' ', '_');
    }

    String target() {
        return (tcp ? "tcp://" : "udp://") + host + ":" + port;
    }

    /** The RFC 5424 message of one head. */
    String message(HeadFile.Line line) {
        return "<" + PRI + ">1 " + Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + hostname + " truongson " + ProcessHandle.current().pid()
                + " audit-head - " + HeadFile.lineOf(line);
    }

    /** Sends every line, in order; throws on the first that cannot be sent (the caller sends it again later). */
    synchronized void send(List<HeadFile.Line> lines) throws IOException {
        for (HeadFile.Line l : lines) {
            byte[] msg = message(l).getBytes(StandardCharsets.UTF_8);
            if (tcp) sendTcp(msg);
            else {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.send(new DatagramPacket(msg, msg.length, new InetSocketAddress(host, port)));
                }
            }
        }
    }

    private void sendTcp(byte[] msg) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (socket == null || socket.isClosed()) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(host, port), 3000);
                    s.setSoTimeout(3000);
                    socket = s;
                }
                OutputStream out = socket.getOutputStream();
                out.write((msg.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(msg);
                out.flush();
                return;
            } catch (IOException e) {
                close();
                // A connection the host closed since the last head: one new one, then give up until the next seal.
                if (attempt > 0) throw e;
            }
        }
    }

    synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }
}
