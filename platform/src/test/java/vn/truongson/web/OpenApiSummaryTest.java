package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;

/** Summaries made from handler names read as English, with the HTTP verb before a bare noun. */
class OpenApiSummaryTest {

    @GetMapping("/x") void unit() {}
    @PutMapping("/x") void updateUnit() {}
    @DeleteMapping("/x") void grant() {}
    @GetMapping("/x") void listOfficialGrants() {}
    @GetMapping("/x") void exportXLSXWorkbook() {}

    @Test
    void handler_names_become_sentences() throws Exception {
        assertThat(OpenApiConfiguration.summary(getClass().getDeclaredMethod("unit"))).isEqualTo("Get unit");
        assertThat(OpenApiConfiguration.summary(getClass().getDeclaredMethod("updateUnit"))).isEqualTo("Update unit");
        assertThat(OpenApiConfiguration.summary(getClass().getDeclaredMethod("grant"))).isEqualTo("Delete grant");
        assertThat(OpenApiConfiguration.summary(getClass().getDeclaredMethod("listOfficialGrants"))).isEqualTo("List official grants");
        assertThat(OpenApiConfiguration.words("exportXLSXWorkbook")).isEqualTo("Export xlsx workbook");
    }
}
