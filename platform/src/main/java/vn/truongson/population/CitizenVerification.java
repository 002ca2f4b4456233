package vn.truongson.population;

import vn.truongson.core.Vietnam;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;

/**
 * Verifies a citizen against the population registry: ID number, full name and date of birth, for a
 * stated purpose. Each lookup is audited with its purpose and the ID number masked (Decree 13/2023/NĐ-CP:
 * a record of processing, without spreading the data itself); the name and answer are kept nowhere.
 */
@Service
public class CitizenVerification {

    static final int MAX_NAME = 200;
    private static final ZoneId VIETNAM = Vietnam.ZONE;
    private static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    public record Request(@Nullable String idNumber, @Nullable String fullName, @Nullable String dateOfBirth, @Nullable String purpose) {}

    public record Result(boolean matched, List<String> mismatches) {}

    /**
     * A field the registry names as not matching, as the result files and the screens name it (issue 13: "không khớp:
     * số định danh", never the API's "idNumber"); the API keeps the field names.
     */
    public static String fieldLabel(String field) {
        return switch (field) {
            case "idNumber" -> "số định danh";
            case "fullName" -> "họ tên";
            case "dateOfBirth" -> "ngày sinh";
            case "gender" -> "giới tính";
            case "status" -> "tình trạng công dân";
            case "document" -> "số giấy tờ";
            case "nationality" -> "quốc tịch";
            default -> "thông tin khác";
        };
    }

    /** The note of a row that does not match: "không khớp: họ tên, ngày sinh". */
    public static String mismatchNote(List<String> fields) {
        return "không khớp: " + String.join(", ", fields.stream().map(CitizenVerification::fieldLabel).distinct().toList());
    }

    private final RegistryClient registry;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    CitizenVerification(RegistryClient registry, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.registry = registry;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Any signed-in official may verify; the purpose, checked and audited, is what limits the use. */
    public Result verify(Request r) {
        policy.actor();
        List<FieldError> errors = new ArrayList<>();
        IdNumber id = null;
        String raw = r.idNumber() == null ? "" : r.idNumber().strip();
        if (raw.isEmpty()) {
            errors.add(new FieldError("idNumber", "population.field.required"));
        } else {
            IdNumber.Check c = IdNumber.check(raw, Year.now(clock.withZone(VIETNAM)));
            if (c.valid()) id = new IdNumber(raw, c.provinceCode(), c.gender(), c.birthYearFrom());
            else c.problems().forEach(p -> errors.add(new FieldError("idNumber", p.messageKey(), p.args())));
        }
        String name = r.fullName() == null ? "" : VietnameseText.nfc(r.fullName()).strip();
        if (name.isEmpty()) errors.add(new FieldError("fullName", "population.field.required"));
        else if (name.length() > MAX_NAME) errors.add(new FieldError("fullName", "population.name.too-long", MAX_NAME));
        LocalDate dob = null;
        if (r.dateOfBirth() == null || r.dateOfBirth().isBlank()) errors.add(new FieldError("dateOfBirth", "population.field.required"));
        else {
            dob = date(r.dateOfBirth().strip());
            if (dob == null) errors.add(new FieldError("dateOfBirth", "population.date.invalid", r.dateOfBirth()));
        }
        Purpose purpose = null;
        if (r.purpose() == null || r.purpose().isBlank()) errors.add(new FieldError("purpose", "population.purpose.required", Purpose.list()));
        else {
            try {
                purpose = Purpose.valueOf(r.purpose().strip());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("purpose", "population.purpose.unknown", r.purpose(), Purpose.list()));
            }
        }
        if (!errors.isEmpty()) throw new BadInput(errors);

        String target = "citizen:" + id.masked();
        RegistryClient.Match m;
        try {
            m = registry.match(id.value(), name, dob.toString(), purpose);
        } catch (RegistryUnavailable e) {
            audit.recordSeparately("population.verify", target, AuditTrail.FAILURE, "purpose=" + purpose + "; registry unavailable: " + e.reason());
            throw e;
        }
        audit.recordSeparately("population.verify", target, AuditTrail.SUCCESS,
                "purpose=" + purpose + "; matched=" + m.matched() + (m.matched() ? "" : "; mismatches=" + String.join(",", m.mismatches())));
        return new Result(m.matched(), m.mismatches());
    }

    /**
     * One row of a bulk list, already checked for structure by the caller: the registry's answer, with no
     * audit row of its own (the list is audited once, with its purpose and counts).
     */
    Result matchChecked(IdNumber id, String fullName, LocalDate dateOfBirth, Purpose purpose) {
        RegistryClient.Match m = registry.match(id.value(), VietnameseText.nfc(fullName).strip(), dateOfBirth.toString(), purpose);
        return new Result(m.matched(), m.mismatches());
    }

    /** ISO (yyyy-MM-dd, the API's form) or dd/MM/yyyy (the form on Vietnamese papers). */
    static @Nullable LocalDate date(String s) {
        try {
            return s.contains("/") ? LocalDate.parse(s, VN_DATE) : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
