package vn.truongson.secops;

import java.util.Locale;

/** The kinds of file the scanner override is set for, told by the file name's extension (docs/security.md "Malware"). */
public enum FileKind {
    PDF("Tệp PDF"), OFFICE("Văn bản, bảng tính (Word, Excel, OpenDocument)"), IMAGE("Ảnh (PNG, JPEG, TIFF)"), ARCHIVE("Tệp nén (ZIP, 7z, RAR)"),
    XML("Tệp XML, edXML"), TEXT("Tệp văn bản thuần (TXT, CSV)"), OTHER("Các loại khác");

    private final String vietnamese;

    FileKind(String vietnamese) {
        this.vietnamese = vietnamese;
    }

    public String vietnamese() {
        return vietnamese;
    }

    /** The kind of a file by the extension of its name; no or unknown extension: OTHER. */
    public static FileKind of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT).strip();
        return switch (ext) {
            case "pdf" -> PDF;
            case "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf" -> OFFICE;
            case "png", "jpg", "jpeg", "tif", "tiff", "gif", "bmp", "webp" -> IMAGE;
            case "zip", "7z", "rar", "gz", "tgz", "tar", "bz2", "xz" -> ARCHIVE;
            case "xml", "edxml" -> XML;
            case "txt", "csv" -> TEXT;
            default -> OTHER;
        };
    }
}
