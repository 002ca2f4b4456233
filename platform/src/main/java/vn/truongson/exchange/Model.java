package vn.truongson.exchange;

import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/** The catalogue's records. */
public final class Model {

    private Model() {}

    /** Status of a system in the catalogue: in service (đang vận hành), piloting (thí điểm), retired (ngừng). */
    public enum SystemStatus {
        IN_SERVICE("Đang vận hành"), PILOT("Thí điểm"), RETIRED("Ngừng sử dụng");

        private final String vietnamese;

        SystemStatus(String vietnamese) { this.vietnamese = vietnamese; }

        public String vietnamese() { return vietnamese; }
    }

    /** How a field is classified: public, internal, personal data (Decree 13/2023), or a level of state secret. */
    public enum Classification {
        PUBLIC("Công khai", SecrecyLevel.THUONG), INTERNAL("Nội bộ", SecrecyLevel.THUONG), PERSONAL("Dữ liệu cá nhân", SecrecyLevel.THUONG),
        MAT("Mật", SecrecyLevel.MAT), TOI_MAT("Tối mật", SecrecyLevel.TOI_MAT), TUYET_MAT("Tuyệt mật", SecrecyLevel.TUYET_MAT);

        private final String vietnamese;
        private final SecrecyLevel level;

        Classification(String vietnamese, SecrecyLevel level) {
            this.vietnamese = vietnamese;
            this.level = level;
        }

        public String vietnamese() { return vietnamese; }

        /** The secrecy the field's values carry. */
        public SecrecyLevel level() { return level; }
    }

    public record Field(String name, Classification classification) {}

    public record Service(long id, long systemId, String code, String name, String path, SecrecyLevel secrecy, List<Field> fields) {

        public List<String> fieldNames() {
            return fields.stream().map(Field::name).toList();
        }
    }

    public record InfoSystem(long id, String code, String name, long ownerUnitId, String purpose, int securityLevel, SecrecyLevel secrecy,
            List<NetworkZone> zones, SystemStatus status, @Nullable String endpointBaseUrl, @Nullable String contact, List<Service> services) {

        public ProtectedRecord asProtected() {
            return new ProtectedRecord("exchange-system", code, ownerUnitId, secrecy);
        }
    }
}
