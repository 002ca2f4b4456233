package vn.truongson.document.web;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** Dates and times as the document screens show them: dd/MM/yyyy and dd/MM/yyyy HH:mm, Vietnam time (for templates). */
public final class Dates {

    public String when(@Nullable Instant i) {
        return DocumentScreens.when(i);
    }

    public String date(@Nullable LocalDate d) {
        return DocumentScreens.date(d);
    }
}
