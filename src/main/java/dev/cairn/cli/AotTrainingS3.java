package dev.cairn.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough of the S3 protocol, on loopback, for the ahead-of-time training to run
 * {@code push} and {@code status -c} against an {@code s3://} remote: objects kept in memory,
 * PUT, HEAD, GET and an unpaged ListObjectsV2. It lets the training load and profile the AWS SDK,
 * which S3 commands otherwise load from the jar at every start. Not a server for anything else;
 * written on plain sockets because the runtime image holds no HTTP server module.
 */
final class AotTrainingS3 implements AutoCloseable {

    private final ServerSocket socket;
    private final Map<String, byte[]> objects = new java.util.concurrent.ConcurrentHashMap<>();

    AotTrainingS3() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("aot-training-s3").start(this::accept);
    }

    String endpoint() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofPlatform().daemon().start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true); // else each response waits for a delayed ACK
        } catch (IOException e) {
            return;
        }
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new HashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                String[] parts = requestLine.split(" ");
                respond(out, parts[0], parts[1], body);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away: the training goes on
        }
    }

    private void respond(OutputStream out, String method, String target, byte[] body) throws IOException {
        int query = target.indexOf('?');
        String path = java.net.URLDecoder.decode(query < 0 ? target : target.substring(0, query), StandardCharsets.UTF_8);
        byte[] stored = objects.get(path);
        switch (method) {
            case "PUT" -> {
                objects.put(path, body);
                send(out, 200, "ETag: \"x\"\r\n", new byte[0], false);
            }
            case "HEAD" -> send(out, stored == null ? 404 : 200, "", stored == null ? new byte[0] : stored, true);
            case "DELETE" -> {
                objects.remove(path);
                send(out, 204, "", new byte[0], false);
            }
            default -> {
                if (query >= 0 && target.contains("list-type=2")) {
                    send(out, 200, "Content-Type: application/xml\r\n", list(path), false);
                } else if (stored != null) {
                    send(out, 200, "", stored, false);
                } else {
                    send(out, 404, "Content-Type: application/xml\r\n",
                            "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>".getBytes(StandardCharsets.UTF_8), false);
                }
            }
        }
    }

    private byte[] list(String bucketPath) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult>"
                + "<IsTruncated>false</IsTruncated>");
        String bucket = bucketPath.replaceAll("^/|/$", "");
        objects.forEach((key, bytes) -> {
            if (key.startsWith("/" + bucket + "/")) {
                xml.append("<Contents><Key>").append(key.substring(bucket.length() + 2)).append("</Key><Size>")
                        .append(bytes.length).append("</Size></Contents>");
            }
        });
        return xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(OutputStream out, int status, String headers, byte[] body, boolean headOnly) throws IOException {
        byte[] head = ("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length + "\r\n" + headers + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = java.util.Arrays.copyOf(head, head.length + (headOnly ? 0 : body.length));
        if (!headOnly) {
            System.arraycopy(body, 0, all, head.length, body.length);
        }
        out.write(all);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
