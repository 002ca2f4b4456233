package vn.truongson.secops;

import java.nio.charset.StandardCharsets;

/** The EICAR anti-virus test file, assembled at run time so that no file in the repository carries it. */
public final class Eicar {

    private Eicar() {
    }

    public static byte[] file() {
        String s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS" + "-TEST-FILE!$H+H*";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A PDF-looking file with the test string inside, as a real attack would hide it. */
    public static byte[] insidePdf() {
        byte[] head = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        byte[] e = file();
        byte[] out = new byte[head.length + e.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(e, 0, out, head.length, e.length);
        System.arraycopy(tail, 0, out, head.length + e.length, tail.length);
        return out;
    }
}
