package vn.truongson.archive.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One scan through OCRmyPDF with Tesseract's Vietnamese model, as child processes in a work directory of its own:
 * rotation and deskew, a text layer, PDF/A-2b by default; then the text of each page by poppler's {@code pdftotext}.
 * A run that outlasts its time is killed with its children. Refusals come back as {@link Failed} with a reason in
 * Vietnamese for the archivist.
 */
final class Ocr {

    /** The searchable PDF and the text of each of its pages. */
    record Result(Path pdf, List<String> pages) {}

    /** OCR did not produce a document; {@code reason} is shown to the archivist. */
    static final class Failed extends Exception {
        Failed(String reason) {
            super(reason);
        }
    }

    private final ArchiveProperties props;

    Ocr(ArchiveProperties props) {
        this.props = props;
    }

    Result run(Path input, String contentType, Path dir) throws Failed, IOException, InterruptedException {
        boolean image = !contentType.equals("application/pdf");
        if (!image) checkPdf(input, dir);
        Path out = dir.resolve("ocr.pdf");
        var cmd = new ArrayList<>(List.of(props.ocrmypdf(), "-l", "vie", "--output-type", props.outputType(), "--rotate-pages", "--deskew",
                "--jobs", "1", "--skip-text", "--max-image-mpixels", Integer.toString(props.maxMegapixels()),
                "--tesseract-timeout", Long.toString(Math.max(10, props.ocrTimeout().toSeconds())), "--quiet"));
        if (image) cmd.addAll(List.of("--image-dpi", Integer.toString(props.imageDpi())));
        cmd.addAll(List.of(input.toString(), out.toString()));
        Exit e = exec(cmd, dir, props.ocrTimeout());
        if (e.timedOut) throw new Failed("Nhận dạng chữ quá thời gian cho phép (" + props.ocrTimeout().toMinutes() + " phút); đã dừng.");
        // ocrmypdf's exit codes (ocrmypdf.exceptions.ExitCode): 10 = done, but the PDF/A conversion did not validate.
        if (e.code != 0 && !(e.code == 10 && Files.isRegularFile(out))) throw new Failed(reason(e));
        if (!Files.isRegularFile(out) || Files.size(out) == 0) throw new Failed("Không tạo được tệp PDF có lớp chữ.");
        Path text = dir.resolve("text.txt");
        Exit t = exec(List.of("pdftotext", "-layout", "-enc", "UTF-8", out.toString(), text.toString()), dir, Duration.ofMinutes(2));
        if (t.code != 0 || !Files.isRegularFile(text)) throw new Failed("Không trích xuất được văn bản từ tệp đã nhận dạng: " + t.tail);
        String all = Files.readString(text, StandardCharsets.UTF_8);
        // pdftotext ends every page with a form feed.
        var pages = new ArrayList<>(Arrays.asList(all.split("\f", -1)));
        if (!pages.isEmpty() && pages.getLast().isBlank()) pages.removeLast();
        if (pages.isEmpty()) pages.add("");
        return new Result(out, pages);
    }

    /** Encrypted, unreadable or too long a PDF is refused before OCR (pdfinfo reads only its structure). */
    private void checkPdf(Path input, Path dir) throws Failed, IOException, InterruptedException {
        Exit e = exec(List.of("pdfinfo", input.toString()), dir, Duration.ofMinutes(1));
        if (e.code != 0) {
            if (e.tail.toLowerCase().contains("incorrect password") || e.tail.toLowerCase().contains("encrypt")) {
                throw new Failed("Tệp PDF được mã hóa (có mật khẩu): không nhận dạng được; cần bản không mã hóa.");
            }
            throw new Failed("Tệp PDF bị hỏng, không đọc được: " + e.tail);
        }
        for (String line : e.out.split("\\R")) {
            if (line.startsWith("Encrypted:") && line.contains("yes")) {
                throw new Failed("Tệp PDF được mã hóa: không nhận dạng được; cần bản không mã hóa.");
            }
            if (line.startsWith("Pages:")) {
                int pages = Integer.parseInt(line.substring(6).strip());
                if (pages > props.maxPages()) throw new Failed("Tệp có " + pages + " trang, vượt quá giới hạn " + props.maxPages() + " trang.");
                if (pages == 0) throw new Failed("Tệp PDF không có trang nào.");
            }
        }
    }

    private static String reason(Exit e) {
        String r = switch (e.code) {
            case 2 -> "Tệp không phải ảnh quét hoặc PDF hợp lệ (hỏng hoặc sai định dạng)";
            case 8 -> "Tệp PDF được mã hóa";
            case 3 -> "Thiếu công cụ nhận dạng chữ trên máy chủ (ocrmypdf, tesseract-ocr-vie)";
            case 4 -> "Tệp kết quả không hợp lệ";
            case 7 -> "Công cụ nhận dạng chữ (Tesseract, Ghostscript) báo lỗi";
            case 15 -> "Tệp ảnh hoặc PDF bị hỏng, không xử lý được";
            default -> "Nhận dạng chữ thất bại (mã " + e.code + ")";
        };
        return e.tail.isBlank() ? r + "." : r + ": " + e.tail;
    }

    record Exit(int code, boolean timedOut, String out, String tail) {}

    /** Runs a command in {@code dir}, its output to files there; kills it and its children after {@code timeout}. */
    static Exit exec(List<String> cmd, Path dir, Duration timeout) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(dir, "out", ".log");
        Path stderr = Files.createTempFile(dir, "err", ".log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Exit(3, false, "", cmd.getFirst() + " không có trên máy chủ");
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Exit(-1, true, "", "");
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        return new Exit(p.exitValue(), false, read(stdout, 64 * 1024), tail(read(stderr, 64 * 1024)));
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String read(Path f, int max) throws IOException {
        byte[] b = Files.readAllBytes(f);
        if (b.length > max) b = Arrays.copyOfRange(b, b.length - max, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The last meaningful line of a tool's complaints, bounded. */
    private static String tail(String err) {
        String last = "";
        for (String l : err.split("\\R")) {
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("Traceback") && !s.startsWith("File ")) last = s;
        }
        last = last.replaceAll("\\p{Cntrl}", " ");
        return last.length() > 300 ? last.substring(0, 300) + "…" : last;
    }
}
