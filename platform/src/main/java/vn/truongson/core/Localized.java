package vn.truongson.core;

import java.util.Locale;

/**
 * A value that names itself in the reader's language (a role, a level…): as an argument of a message it is shown by
 * that name, never by its code ("Kiểm tra nhật ký", not "AUDITOR").
 */
public interface Localized {

    String in(Locale locale);
}
