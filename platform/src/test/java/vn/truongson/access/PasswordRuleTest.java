package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.truongson.core.DomainException.FieldError;

/** Issue 10, finding 5: the password rule (NIST SP 800-63B), without a server. */
class PasswordRuleTest {

    static List<String> reasons(String password, String username, String fullName) {
        return PasswordRule.check("password", password, username, fullName).stream().map(FieldError::messageKey).toList();
    }

    @Test
    void the_bundled_list_holds_at_least_ten_thousand_common_passwords() {
        assertThat(PasswordRule.commonPasswordCount()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void the_passwords_the_attack_used_are_refused_for_their_length() {
        assertThat(reasons("password12", "cb.thu", null)).contains("problem.password.length");
        assertThat(reasons("aaaaaaaaa1", "cb.thu", null)).contains("problem.password.length");
        assertThat(reasons("Abcdefgh12!", "cb.thu", null)).as("11 characters").contains("problem.password.length");
        assertThat(reasons("x".repeat(129), "cb.thu", null)).contains("problem.password.length");
    }

    @Test
    void common_passwords_of_twelve_characters_and_more_are_refused_whatever_their_case() {
        for (String p : List.of("123456789012", "PasswordPassword", "1qaz2wsx3edc", "LeaveMeAlone", "FinalFantasy", "Unbelievable")) {
            assertThat(reasons(p, "cb.thu", null)).as(p).contains("problem.password.common");
        }
    }

    @Test
    void repetitions_and_runs_are_refused() {
        assertThat(reasons("aaaaaaaaaaaa1", "cb.thu", null)).contains("problem.password.repetitive");
        assertThat(reasons("Hanoi-12345-ok", "cb.thu", null)).contains("problem.password.sequence");
        assertThat(reasons("mua-xuan-abcde-x", "cb.thu", null)).contains("problem.password.sequence");
    }

    @Test
    void the_username_the_persons_name_and_the_platforms_name_are_refused() {
        assertThat(reasons("cb.thuong-2026-mua-he", "cb.thuong", null)).contains("problem.password.username");
        assertThat(reasons("Nguyen-Thi-Hoa-1990!", "cb.hoa", "Nguyễn Thị Hòa")).contains("problem.password.name");
        assertThat(reasons("toi-la-NGUYEN-99", "cb.hoa", "Nguyễn Thị Hòa")).as("a part of four letters or more").contains("problem.password.name");
        assertThat(reasons("TruongSon@2026", "cb.hoa", null)).as("the demo seed password is not one a person may set").contains("problem.password.platform");
        assertThat(reasons("Trường Sơn muôn năm!", "cb.hoa", null)).contains("problem.password.platform");
        assertThat(reasons("truong-son-2026!", "cb.hoa", null)).contains("problem.password.platform");
    }

    @Test
    void long_passphrases_need_no_digits_capitals_or_symbols() {
        assertThat(reasons("ngựa vằn ăn cỏ bên sông", "cb.hoa", "Nguyễn Thị Hòa")).isEmpty();
        assertThat(reasons("correct horse battery staple", "cb.hoa", "Nguyễn Thị Hòa")).isEmpty();
        assertThat(reasons("MatKhau2026!x", "cb.thu", "Nguyễn Văn Thử")).isEmpty();
        assertThat(reasons("MoiHon2027!y", "cb.thu", "Nguyễn Văn Thử")).isEmpty();
    }

    @Test
    void every_reason_names_the_field() {
        assertThat(PasswordRule.check("newPassword", "short", "cb.thu", null)).allMatch(e -> e.field().equals("newPassword")).isNotEmpty();
    }

    @Test
    void the_tests_fresh_passwords_always_pass_the_rule() {
        // The tests' own random passwords must never trip the rule by chance (a UUID once held "12345" in CI).
        for (int i = 0; i < 20_000; i++) {
            String p = vn.truongson.support.Api.freshPassword();
            assertThat(reasons(p, "cb.thu", "Nguyễn Văn Thử")).as(p).isEmpty();
        }
        assertThat(reasons("Cay-bang-xanh-b12345e0", "cb.thu", null)).as("what a UUID gave once").contains("problem.password.sequence");
    }
}
