package vn.truongson.programme;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import vn.truongson.support.Api;

/** Files over HTTP for the export and import tests: downloads as bytes, uploads as multipart. */
final class ExportFiles {

    record Download(int status, byte[] body, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse("");
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Api api;
    private final HttpClient http = HttpClient.newHttpClient();

    ExportFiles(Api api) {
        this.api = api;
    }

    Download get(String path, String user) {
        return send(HttpRequest.newBuilder(URI.create(api.base() + path)).GET(), user);
    }

    /** POSTs one file as the multipart part {@code file}. */
    Download upload(String path, String user, String filename, String contentType, byte[] content) {
        String boundary = "----ts" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: "
                + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(api.base() + path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), user);
    }

    Download send(HttpRequest.Builder b, String user) {
        b.header("Authorization", "Bearer " + api.token(user));
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
