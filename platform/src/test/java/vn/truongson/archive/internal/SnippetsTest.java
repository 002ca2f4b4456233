package vn.truongson.archive.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

    @Test
    void the_words_together_are_marked_in_the_original_text() {
        String page = "Số: 12/QĐ-BTL86\nXét đề nghị của Trưởng phòng, đẩy mạnh   chuyển đổi số trong toàn đơn vị.";
        assertThat(Snippets.around(page, Snippets.terms("chuyen doi so"), 60)).contains("«chuyển đổi số»").doesNotContain("«Số»");
        assertThat(Snippets.around(page, Snippets.terms("Đơn vị"), 200)).contains("«đơn vị»");
        // A word inside another is not a match: "so" is not found in "sost".
        assertThat(Snippets.around("sost và Số", List.of("so"), 200)).isEqualTo("sost và «Số»");
        assertThat(Snippets.terms("  \"Chuyển đổi\" -số ")).containsExactly("chuyen", "doi", "so");
    }
}
