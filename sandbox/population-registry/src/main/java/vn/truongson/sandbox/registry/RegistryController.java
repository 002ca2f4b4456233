package vn.truongson.sandbox.registry;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The registry API: a person by ID number, a match of ID number with name and date of birth, a household. */
@RestController
@RequestMapping("/registry/v1")
class RegistryController {

    record Citizen(String idNumber, String fullName, String familyName, String middleName, String givenName, String gender,
            LocalDate dateOfBirth, String birthProvinceCode, String birthProvinceName, String status, LocalDate deceasedOn,
            String previousFullName, LocalDate nameChangedOn, long householdId, String relationToHead) {}

    record MatchRequest(String idNumber, String fullName, String dateOfBirth) {}

    record MatchResult(boolean matched, List<String> mismatches, String status, boolean matchesPreviousName) {}

    record Member(String fullName, String relationToHead, String gender, int yearOfBirth, String status) {}

    record Household(long householdId, String address, String provinceCode, String provinceName, int memberCount, List<Member> members) {}

    private final JdbcClient jdbc;

    RegistryController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/citizens/{idNumber}")
    ResponseEntity<?> citizen(@PathVariable String idNumber) {
        return find(idNumber).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("status", 404, "title", "Not Found", "detail", "no such citizen")));
    }

    @PostMapping("/citizens/match")
    ResponseEntity<?> match(@RequestBody MatchRequest req) {
        if (req.idNumber() == null || req.fullName() == null || req.dateOfBirth() == null) {
            return ResponseEntity.badRequest().body(Map.of("status", 400, "title", "Bad Request", "detail", "idNumber, fullName and dateOfBirth are required"));
        }
        LocalDate dob;
        try {
            dob = LocalDate.parse(req.dateOfBirth());
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("status", 400, "title", "Bad Request", "detail", "dateOfBirth must be yyyy-MM-dd"));
        }
        Optional<Citizen> found = find(req.idNumber());
        if (found.isEmpty()) return ResponseEntity.ok(new MatchResult(false, List.of("idNumber"), null, false));
        Citizen c = found.get();
        List<String> mismatches = new ArrayList<>();
        if (!sameName(c.fullName(), req.fullName())) mismatches.add("fullName");
        if (!c.dateOfBirth().equals(dob)) mismatches.add("dateOfBirth");
        // A dead person's identity must never verify, even with every field right.
        if (c.deceasedOn() != null) mismatches.add("status");
        boolean previous = mismatches.contains("fullName") && c.previousFullName() != null && sameName(c.previousFullName(), req.fullName());
        return ResponseEntity.ok(new MatchResult(mismatches.isEmpty(), mismatches, c.status(), previous));
    }

    @GetMapping("/households/{idNumber}")
    ResponseEntity<?> household(@PathVariable String idNumber) {
        Optional<Citizen> found = find(idNumber);
        if (found.isEmpty()) return ResponseEntity.status(404).body(Map.of("status", 404, "title", "Not Found", "detail", "no such citizen"));
        long id = found.get().householdId();
        var h = jdbc.sql("select address, province_code from household where id = ?").param(id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).single();
        List<Member> members = jdbc.sql("""
                select full_name, relation_to_head, gender, extract(year from date_of_birth)::int, deceased_on is not null
                from citizen where household_id = ? order by relation_to_head <> 'Chủ hộ', date_of_birth""").param(id)
                .query((rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5) ? "DECEASED" : "ALIVE"))
                .list();
        return ResponseEntity.ok(new Household(id, h[0], h[1], Provinces.NAMES.get(h[1]), members.size(), members));
    }

    private Optional<Citizen> find(String idNumber) {
        if (idNumber == null || !idNumber.matches("\\d{12}")) return Optional.empty();
        return jdbc.sql("""
                select id_number, full_name, family_name, middle_name, given_name, gender, date_of_birth, birth_province,
                       deceased_on, previous_full_name, name_changed_on, household_id, relation_to_head
                from citizen where id_number = ?""").param(idNumber)
                .query((rs, n) -> new Citizen(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8), Provinces.NAMES.get(rs.getString(8)),
                        rs.getObject(9) == null ? "ALIVE" : "DECEASED", rs.getObject(9, LocalDate.class), rs.getString(10),
                        rs.getObject(11, LocalDate.class), rs.getLong(12), rs.getString(13)))
                .optional();
    }

    /** Names compare after NFC normalisation, with case and runs of spaces ignored. */
    static boolean sameName(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
