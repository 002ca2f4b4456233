package vn.truongson.document;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The signer's authority (thẩm quyền ký, Decree 30/2020 Art. 13 and Appendix I, II.8; DOMAIN-VN.md §1), written
 * above the signer's own title: "KT. TƯ LỆNH" over "PHÓ TƯ LỆNH". The head signing plainly has none (null).
 * <ul>
 *   <li>KT. (ký thay): a deputy signs for the head, so the signer's own title is a deputy's ("Phó …").</li>
 *   <li>TM. (thay mặt): the head (or a deputy) signs for a collective body ("TM. ĐẢNG ỦY").</li>
 *   <li>Q. (quyền): the acting head; the title is the head's ("Q. TƯ LỆNH").</li>
 *   <li>TL. (thừa lệnh): a head of department by the head's order, never a deputy head of the agency.</li>
 *   <li>TUQ. (thừa ủy quyền): by written delegation of the head.</li>
 * </ul>
 */
public enum SignerAuthority {
    KT("KT.", "Ký thay"), TM("TM.", "Thay mặt"), Q("Q.", "Quyền"), TL("TL.", "Thừa lệnh"), TUQ("TUQ.", "Thừa ủy quyền");

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final Pattern DEPUTY = Pattern.compile("(?iu)^\\s*phó(\\s|$)");

    private final String prefix;
    private final String vietnamese;

    SignerAuthority(String prefix, String vietnamese) {
        this.prefix = prefix;
        this.vietnamese = vietnamese;
    }

    public String prefix() { return prefix; }

    public String vietnamese() { return vietnamese; }

    /** "KT. TƯ LỆNH": the line above the signer's own title. */
    public String line(String signedFor) {
        return prefix + " " + signedFor.strip().toUpperCase(VI);
    }

    /** Is the title a deputy's ("Phó Tư lệnh", "Phó Chánh Văn phòng")? */
    static boolean deputy(String position) {
        return DEPUTY.matcher(java.text.Normalizer.normalize(position, java.text.Normalizer.Form.NFC)).find();
    }

    /**
     * The message key of what the Decree forbids for a signer with {@code position} under this authority, or null.
     * KT.: only a deputy signs for the head. TL. and TUQ.: a deputy head signs KT., not by order or delegation
     * (the Decree gives them the head of a department or the person delegated). Q.: the acting head is not a deputy's title.
     */
    String refusal(String position) {
        return switch (this) {
            case KT -> deputy(position) ? null : "document.authority.kt-deputy";
            case Q -> deputy(position) ? "document.authority.q-deputy" : null;
            case TM, TL, TUQ -> null;
        };
    }
}
