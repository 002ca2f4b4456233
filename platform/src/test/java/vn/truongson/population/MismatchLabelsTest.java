package vn.truongson.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the admissions and border result files (and the screens) name a field that does not match in Vietnamese
 * ("không khớp: số định danh"), never by the API's field name. Every field the registry may name has its own label.
 */
class MismatchLabelsTest {

    @Test
    void every_field_the_registry_may_name_has_its_vietnamese_label() {
        for (String field : RegistryClient.FIELDS) {
            String label = CitizenVerification.fieldLabel(field);
            assertThat(label).as(field).isNotEqualTo("thông tin khác").doesNotContain(field).matches("[\\p{L} ]+");
        }
        // What BorderList compares itself.
        for (String field : List.of("gender", "document", "nationality")) assertThat(CitizenVerification.fieldLabel(field)).isNotEqualTo("thông tin khác");
    }

    @Test
    void the_note_names_each_field_in_vietnamese_once() {
        assertThat(CitizenVerification.mismatchNote(List.of("idNumber"))).isEqualTo("không khớp: số định danh");
        assertThat(CitizenVerification.mismatchNote(List.of("fullName", "dateOfBirth", "status", "fullName")))
                .isEqualTo("không khớp: họ tên, ngày sinh, tình trạng công dân");
        // A field the registry might add one day is still not shown by its code.
        assertThat(CitizenVerification.mismatchNote(List.of("placeOfOrigin"))).isEqualTo("không khớp: thông tin khác").doesNotContain("placeOfOrigin");
    }
}
