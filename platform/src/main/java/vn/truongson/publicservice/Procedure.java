package vn.truongson.publicservice;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.core.SecrecyLevel;

/**
 * An administrative procedure (thủ tục hành chính) of the catalogue: its legal processing time, in working days
 * or working hours (exactly one), its components, its form defined as data, and its internal steps (quy trình
 * nội bộ), whose allowances add up to the legal time.
 */
public record Procedure(long id, String code, String name, String field, long implementingUnitId, String unitCode, String unitName,
        @Nullable String parentUnitName, Level level,
        @Nullable Integer processingWorkingDays, @Nullable Integer processingWorkingHours, String fees, long feeAmount,
        List<Component> components, Form form, List<Step> steps, boolean illustrative, boolean published, Instant publishedAt,
        Instant updatedAt) {

    /** Online service level (Decree 42/2022): toàn trình, or một phần. */
    public enum Level {
        FULL_ONLINE("Toàn trình"), PARTIAL_ONLINE("Một phần");

        private final String vietnamese;

        Level(String vietnamese) { this.vietnamese = vietnamese; }

        public String vietnamese() { return vietnamese; }
    }

    /** A dossier component (thành phần hồ sơ). */
    public record Component(String code, String name, boolean required) {}

    /** The application form: its fields, in order. */
    public record Form(List<Field> fields) {
        public Form {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /** A field's type; each has its own check. */
    public enum FieldType { TEXT, TEXTAREA, DATE, NUMBER, EMAIL, PHONE, ID_NUMBER, SELECT, CHECKBOX }

    /**
     * One form field.
     *
     * @param name the key in {@code formData}
     * @param pattern a regular expression the whole text must match (TEXT), or null
     * @param min the least number (NUMBER) or shortest text, or null
     * @param max the greatest number (NUMBER) or longest text, or null
     * @param options the allowed values (SELECT)
     * @param prefill a field of the signed-in citizen's identity it is filled with (fullName, idNumber, dateOfBirth,
     *     gender, placeOfResidence, phone, email), or null
     */
    public record Field(String name, String label, FieldType type, boolean required, @Nullable String pattern, @Nullable Long min,
            @Nullable Long max, List<String> options, @Nullable String help, @Nullable String prefill) {
        public Field {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    /**
     * An internal step. Either a unit (its processing officers act) or a role on the implementing unit.
     */
    public record Step(int ordinal, String name, @Nullable Long unitId, @Nullable Role role, @Nullable Integer allowanceWorkingDays,
            @Nullable Integer allowanceWorkingHours) {

        /** The unit whose officers act on this step. */
        public long actingUnit(long implementingUnitId) {
            return unitId != null ? unitId : implementingUnitId;
        }

        /** The role they act in. */
        public Role actingRole() {
            return role != null ? role : Role.PROCESSING_OFFICER;
        }
    }

    public boolean inHours() {
        return processingWorkingHours != null;
    }

    /** The legal time as the citizen reads it: "15 ngày làm việc", "8 giờ làm việc". */
    public String processingTimeText() {
        return inHours() ? processingWorkingHours + " giờ làm việc" : processingWorkingDays + " ngày làm việc";
    }

    public ProtectedRecord asProtected() {
        return new ProtectedRecord("procedure", code, implementingUnitId, SecrecyLevel.THUONG);
    }
}
