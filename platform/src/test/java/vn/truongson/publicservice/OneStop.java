package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/** Test helpers: demo officers, a valid dossier for each demo procedure, and the problems to expect. */
final class OneStop {

    static final String DESK_CNT = "motcua.cnt";
    static final String PROC_CNT = "giaiquyet.cnt";
    static final String DESK_BDBP = "motcua.bdbp";
    static final String PROC_BDBP = "giaiquyet.bdbp";
    static final String ADMIN = "admin";

    final Api api;
    final JdbcClient jdbc;
    final TestClock clock;

    OneStop(Api api, JdbcClient jdbc, TestClock clock) {
        this.api = api;
        this.jdbc = jdbc;
        this.clock = clock;
        // Tokens first, at the real time: a token issued under a clock held in the past would be expired later.
        for (String u : new String[] {DESK_CNT, PROC_CNT, DESK_BDBP, PROC_BDBP}) api.token(u);
    }

    static String admissions(String idNumber) {
        return """
                {"procedureCode":"BQP-TS-01","applicant":{"idNumber":"%s","fullName":"Nguyễn Văn Bình","dateOfBirth":"2008-05-12",
                 "phone":"0912345678","email":"binh@example.vn"},
                 "formData":{"fullName":"Nguyễn Văn Bình","idNumber":"%s","dateOfBirth":"12/05/2008","placeOfResidence":"Phường Ba Đình, Hà Nội",
                 "phone":"0912345678","school":"Học viện Kỹ thuật quân sự","combination":"A00","height":"170"}}""".formatted(idNumber, idNumber);
    }

    static String vessel(String idNumber) {
        return """
                {"procedureCode":"BQP-BP-02","applicant":{"idNumber":"%s","fullName":"Trần Thị Hoa","phone":"0987654321"},
                 "formData":{"vesselName":"HAI PHONG STAR","imo":"9123456","flag":"VNM","master":"NGUYEN VAN AN","crew":"18","passengers":"0",
                 "port":"Cảng Hải Phòng","eta":"2025-01-25"}}""".formatted(idNumber);
    }

    String file(String user, String body) {
        Api.Response r = api.post("/api/v1/dossiers", user, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asString()).isEqualTo("SUBMITTED");
        return r.json().get("code").asString();
    }

    Api.Response act(String user, String code, String action, String body) {
        return api.post("/api/v1/dossiers/" + code + "/" + action, user, body);
    }

    Api.Response ok(String user, String code, String action, String body) {
        Api.Response r = act(user, code, action, body);
        assertThat(r.status()).as(action + ": " + r.body()).isEqualTo(200);
        return r;
    }

    String status(String code) {
        return jdbc.sql("select status from publicservice_dossier where code = ?").param(code).query(String.class).single();
    }

    long events(String code) {
        return jdbc.sql("select count(*) from publicservice_event e join publicservice_dossier d on d.id = e.dossier_id where d.code = ?")
                .param(code).query(Long.class).single();
    }

    static void conflict(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
    }

    static void badField(Api.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().get("content-type").get(0)).contains("problem+json");
        var fields = new java.util.ArrayList<String>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(r.body()).contains(field);
    }

    static String id() {
        return "0" + (10_000_000_000L + (long) (Math.random() * 89_999_999_999L));
    }
}
