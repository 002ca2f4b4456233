package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.DomainException;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * The catalogue and the dossier state machine over HTTP, with deadlines on the working-day calendar (Tết Ất Tỵ
 * 27–31/01/2025 and Tết Bính Ngọ 16–20/02/2026 are seeded holidays).
 */
@PublicServiceTest
class DossierLifecycleTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired Dossiers dossiers;
    OneStop o;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        o = new OneStop(api, jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void the_demo_catalogue_is_published_and_searchable_without_diacritics() {
        var all = api.get("/api/v1/procedures", OneStop.DESK_CNT).json();
        assertThat(all.size()).isGreaterThanOrEqualTo(8);
        var border = api.get("/api/v1/procedures?q=giay%20phep%20bien%20gioi", OneStop.DESK_CNT).json();
        assertThat(border.size()).isEqualTo(1);
        assertThat(border.get(0).get("code").asString()).isEqualTo("BQP-BP-01");
        var p = api.get("/api/v1/procedures/BQP-TS-01", OneStop.DESK_CNT).json();
        assertThat(p.get("level").asString()).isEqualTo("PARTIAL_ONLINE");
        assertThat(p.get("processingWorkingDays").asInt()).isEqualTo(10);
        assertThat(p.has("processingWorkingHours")).isFalse();
        assertThat(p.get("steps").size()).isEqualTo(3);
        assertThat(p.get("steps").get(0).get("role").asString()).isEqualTo("ONE_STOP_OFFICER");
        assertThat(p.get("steps").get(1).get("allowanceWorkingDays").asInt()).isEqualTo(7);
        assertThat(p.get("components").get(0).get("required").asBoolean()).isTrue();
        assertThat(p.get("form").get("fields").size()).isGreaterThan(5);
        assertThat(p.get("illustrative").asBoolean()).isTrue();
        var vessel = api.get("/api/v1/procedures/BQP-BP-02", OneStop.DESK_CNT).json();
        assertThat(vessel.get("processingWorkingHours").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/procedures/NO-SUCH", OneStop.DESK_CNT).status()).isEqualTo(404);
    }

    /**
     * Received on Friday 13/02/2026 09:00, the Friday before Tết Bính Ngọ. 10 working days: 23–27/02 and 02–06/03, so the
     * appointment is Friday 06/03/2026 09:00. Step 1 (1 day) is due Monday 23/02 09:00 and is done at 08:30; step 2 (7 days)
     * starts then and is due Wednesday 04/03 08:30, done Thursday 05/03 10:00: late. Step 3 (2 days) from 05/03 10:00 is due
     * Monday 09/03 10:00, done Friday 06/03 08:00. Returned 06/03 08:30: on time.
     */
    @Test
    void a_dossier_received_before_tet_goes_through_every_step_one_late_and_is_returned_on_time() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        assertThat(code).matches("CNT-\\d{6}-\\d{4}");
        // Out of order: nothing to advance or return before reception.
        OneStop.conflict(o.act(OneStop.PROC_CNT, code, "advance", "{}"));
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "return-result", "{}"));

        clock.set("2026-02-13T09:00:00+07:00");
        double receivedBefore = vn.truongson.support.Prometheus.value(port, "truongson_dossiers_received_total");
        var received = o.ok(OneStop.DESK_CNT, code, "receive", "{}").json();
        assertThat(vn.truongson.support.Prometheus.value(port, "truongson_dossiers_received_total")).isEqualTo(receivedBefore + 1);
        assertThat(received.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(received.get("receivedAt").asString()).isEqualTo("2026-02-13T09:00:00+07:00");
        assertThat(received.get("appointmentAt").asString()).isEqualTo("2026-03-06T09:00:00+07:00");
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "receive", "{}"));

        // Step 1 is the desk's; the processing officer may not do it.
        assertThat(o.act(OneStop.PROC_CNT, code, "advance", "{}").status()).isEqualTo(403);
        clock.set("2026-02-23T08:30:00+07:00");
        var d = o.ok(OneStop.DESK_CNT, code, "advance", "{\"note\":\"Đủ thành phần\"}").json();
        assertThat(d.get("status").asString()).isEqualTo("IN_PROCESS");
        assertThat(d.get("steps").get(0).get("dueAt").asString()).isEqualTo("2026-02-23T09:00:00+07:00");
        assertThat(d.get("steps").get(0).get("late").asBoolean()).isFalse();
        assertThat(d.get("steps").get(1).get("dueAt").asString()).isEqualTo("2026-03-04T08:30:00+07:00");

        clock.set("2026-03-05T10:00:00+07:00");
        d = o.ok(OneStop.PROC_CNT, code, "advance", "{}").json();
        assertThat(d.get("steps").get(1).get("late").asBoolean()).isTrue();
        assertThat(d.get("steps").get(2).get("dueAt").asString()).isEqualTo("2026-03-09T10:00:00+07:00");
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "return-result", "{}"));

        clock.set("2026-03-06T08:00:00+07:00");
        d = o.ok(OneStop.PROC_CNT, code, "advance", "{}").json();
        assertThat(d.get("status").asString()).isEqualTo("RESULT_READY");
        assertThat(d.get("steps").get(2).get("late").asBoolean()).isFalse();
        OneStop.conflict(o.act(OneStop.PROC_CNT, code, "advance", "{}"));

        clock.set("2026-03-06T08:30:00+07:00");
        double returnedBefore = vn.truongson.support.Prometheus.value(port, "truongson_dossiers_returned_total");
        var r = o.ok(OneStop.DESK_CNT, code, "return-result", "{}").json();
        assertThat(vn.truongson.support.Prometheus.value(port, "truongson_dossiers_returned_total")).isEqualTo(returnedBefore + 1);
        assertThat(r.get("status").asString()).isEqualTo("RETURNED");
        assertThat(r.get("returnedAt").asString()).isEqualTo("2026-03-06T08:30:00+07:00");
        assertThat(r.get("onTime").asBoolean()).isTrue();
        // Returning twice is out of order, and changes nothing.
        long events = o.events(code);
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "return-result", "{}"));
        assertThat(o.events(code)).isEqualTo(events);

        var view = api.get("/api/v1/dossiers/" + code, OneStop.PROC_CNT).json();
        assertThat(view.get("onTime").asBoolean()).isTrue();
        assertThat(view.get("steps").size()).isEqualTo(3);
        assertThat(view.get("steps").get(1).get("completedAt").asString()).isEqualTo("2026-03-05T10:00:00+07:00");
        assertThat(view.get("timeline").size()).isEqualTo(6);
        // Every form reached is a PDF; Mẫu 03 was never issued.
        for (String f : new String[] {"01", "05"}) {
            var pdf = api.get("/api/v1/dossiers/" + code + "/forms/" + f, OneStop.DESK_CNT);
            assertThat(pdf.status()).as(f).isEqualTo(200);
            assertThat(pdf.body()).startsWith("%PDF");
        }
        OneStop.conflict(api.get("/api/v1/dossiers/" + code + "/forms/03", OneStop.DESK_CNT));
        assertThat(api.get("/api/v1/dossiers/" + code + "/result", OneStop.DESK_CNT).body()).startsWith("%PDF");
        assertThat(jdbc.sql("select count(*) from audit_event where target = ?").param("dossier:" + code).query(Long.class).single()).isEqualTo(6);
    }

    /**
     * A vessel declared on Friday 24/01/2025 16:30, before Tết Ất Tỵ (27–31/01): 2 working hours are half an hour on Friday
     * and 1.5 hours from Monday 03/02 08:00, so 09:30; step 1 (1 hour) is due Monday 08:30. Returned 10:00: late.
     */
    @Test
    void working_hours_run_across_tet_and_a_late_return_is_late() {
        String code = o.file(OneStop.DESK_BDBP, OneStop.vessel(OneStop.id()));
        clock.set("2025-01-24T16:30:00+07:00");
        var received = o.ok(OneStop.DESK_BDBP, code, "receive", "{}").json();
        assertThat(received.get("appointmentAt").asString()).isEqualTo("2025-02-03T09:30:00+07:00");
        var d = api.get("/api/v1/dossiers/" + code, OneStop.DESK_BDBP).json();
        assertThat(d.get("steps").get(0).get("dueAt").asString()).isEqualTo("2025-02-03T08:30:00+07:00");
        clock.set("2025-02-03T08:10:00+07:00");
        o.ok(OneStop.DESK_BDBP, code, "advance", "{}");
        clock.set("2025-02-03T09:50:00+07:00");
        d = o.ok(OneStop.PROC_BDBP, code, "advance", "{}").json();
        // Step 2 began 08:10 with 1 hour: due 09:10, done 09:50.
        assertThat(d.get("steps").get(1).get("dueAt").asString()).isEqualTo("2025-02-03T09:10:00+07:00");
        assertThat(d.get("steps").get(1).get("late").asBoolean()).isTrue();
        clock.set("2025-02-03T10:00:00+07:00");
        var r = o.ok(OneStop.DESK_BDBP, code, "return-result", "{}").json();
        assertThat(r.get("onTime").asBoolean()).isFalse();
    }

    /** Received on a Saturday (07/03/2026 10:00) counts from Monday 08:00: 3 working days is Thursday 12/03 08:00. */
    @Test
    void a_dossier_received_on_a_saturday_counts_from_monday_morning() {
        String code = o.file(OneStop.DESK_CNT, """
                {"procedureCode":"BQP-TS-03","applicant":{"idNumber":"%s","fullName":"Lê Văn Cường"},
                 "formData":{"fullName":"Lê Văn Cường","idNumber":"001203004005","dateOfBirth":"1990-01-02","placeOfResidence":"Hà Nội",
                 "phone":"0901234567","diploma":"Bằng kỹ sư","graduationYear":"2013","copies":"2"}}""".formatted(OneStop.id()));
        clock.set("2026-03-07T10:00:00+07:00");
        var received = o.ok(OneStop.DESK_CNT, code, "receive", "{}").json();
        assertThat(received.get("appointmentAt").asString()).isEqualTo("2026-03-12T08:00:00+07:00");
    }

    @Test
    void a_supplement_request_is_answered_and_the_dossier_is_received_again() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        clock.set("2026-03-02T09:00:00+07:00");
        o.ok(OneStop.DESK_CNT, code, "receive", "{}");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "request-supplement", "{}"), "reason");
        assertThat(o.status(code)).isEqualTo("RECEIVED");
        var d = o.ok(OneStop.DESK_CNT, code, "request-supplement", "{\"reason\":\"Thiếu bản sao học bạ lớp 12\"}").json();
        assertThat(d.get("status").asString()).isEqualTo("SUPPLEMENT_REQUESTED");
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "advance", "{}"));
        assertThat(api.get("/api/v1/dossiers/" + code + "/forms/02", OneStop.DESK_CNT).body()).startsWith("%PDF");
        // Answered on Wednesday 04/03 14:00: received again, the 10 days count from then (18/03 14:00).
        clock.set("2026-03-04T14:00:00+07:00");
        d = o.ok(OneStop.DESK_CNT, code, "supplement", "{\"note\":\"Đã nộp học bạ\"}").json();
        assertThat(d.get("status").asString()).isEqualTo("RECEIVED");
        assertThat(d.get("receivedAt").asString()).isEqualTo("2026-03-02T09:00:00+07:00");
        assertThat(d.get("appointmentAt").asString()).isEqualTo("2026-03-18T14:00:00+07:00");
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "supplement", "{}"));
    }

    @Test
    void a_refused_dossier_is_closed_and_can_be_printed_on_form_03() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        var d = o.ok(OneStop.DESK_CNT, code, "reject", "{\"reason\":\"Thí sinh quá tuổi dự tuyển\"}").json();
        assertThat(d.get("status").asString()).isEqualTo("REJECTED");
        assertThat(api.get("/api/v1/dossiers/" + code + "/forms/03", OneStop.DESK_CNT).body()).startsWith("%PDF");
        for (String action : new String[] {"receive", "advance", "return-result", "reject", "request-supplement"}) {
            OneStop.conflict(o.act(OneStop.DESK_CNT, code, action, "{\"reason\":\"x\"}"));
        }
        assertThat(o.status(code)).isEqualTo("REJECTED");
    }

    @Test
    void send_back_escalate_and_the_apology_with_a_new_date() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        clock.set("2026-03-02T09:00:00+07:00");
        o.ok(OneStop.DESK_CNT, code, "receive", "{}");
        // Nothing to send back to from step 1.
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "send-back", "{}"), "reason");
        OneStop.conflict(o.act(OneStop.DESK_CNT, code, "send-back", "{\"reason\":\"x\"}"));
        o.ok(OneStop.DESK_CNT, code, "advance", "{}");
        var d = o.ok(OneStop.PROC_CNT, code, "escalate", "{\"reason\":\"Xin ý kiến về chiều cao\"}").json();
        assertThat(d.get("status").asString()).isEqualTo("IN_PROCESS");
        d = o.ok(OneStop.PROC_CNT, code, "send-back", "{\"reason\":\"Kiểm tra lại thành phần\"}").json();
        assertThat(d.get("currentStep").asInt()).isEqualTo(1);
        assertThat(d.get("status").asString()).isEqualTo("RECEIVED");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "apology", "{\"reason\":\"Chờ kết quả khám\",\"newAppointmentAt\":\"2026-03-01\"}"),
                "newAppointmentAt");
        OneStop.badField(o.act(OneStop.DESK_CNT, code, "apology", "{\"reason\":\"Chờ kết quả khám\",\"newAppointmentAt\":\"mai\"}"),
                "newAppointmentAt");
        d = o.ok(OneStop.DESK_CNT, code, "apology", "{\"reason\":\"Chờ kết quả khám sức khỏe\",\"newAppointmentAt\":\"2026-03-20\"}").json();
        assertThat(d.get("newAppointmentAt").asString()).isEqualTo("2026-03-20T17:00:00+07:00");
        assertThat(d.get("appointmentAt").asString()).isEqualTo("2026-03-16T09:00:00+07:00");
        assertThat(api.get("/api/v1/dossiers/" + code + "/forms/04", OneStop.DESK_CNT).body()).startsWith("%PDF");
    }

    @Test
    void another_units_officer_is_refused_and_another_citizens_dossier_does_not_exist() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        assertThat(api.get("/api/v1/dossiers/" + code, OneStop.DESK_BDBP).status()).isEqualTo(403);
        assertThat(o.act(OneStop.DESK_BDBP, code, "receive", "{}").status()).isEqualTo(403);
        assertThat(o.act(OneStop.PROC_BDBP, code, "advance", "{}").status()).isEqualTo(403);
        assertThat(o.status(code)).isEqualTo("SUBMITTED");
        assertThat(api.get("/api/v1/dossiers/NO-SUCH-CODE", OneStop.DESK_CNT).status()).isEqualTo(404);
        // Filing for another unit's procedure is refused too.
        assertThat(api.post("/api/v1/dossiers", OneStop.DESK_BDBP, OneStop.admissions(OneStop.id())).status()).isEqualTo(403);

        var stranger = new CitizenIdentity("001099000111", "Người Khác", LocalDate.of(1990, 1, 1), Gender.MALE, "Hà Nội", null, null, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.ofCitizen(stranger, code)).isInstanceOf(DomainException.NotFound.class);
    }

    @Test
    void a_citizen_files_online_and_rates_the_returned_result_once() {
        String idNumber = OneStop.id();
        var me = new CitizenIdentity(idNumber, "Phạm Thị Dung", LocalDate.of(1985, 3, 4), Gender.FEMALE, "Hải Phòng", "0934567890",
                "dung@example.vn", 2);
        Map<String, Object> form = Map.of("vesselName", "DUNG STAR", "imo", "9234567", "flag", "VNM", "master", "PHAM VAN NAM", "crew", "12",
                "passengers", "0", "port", "Hải Phòng", "eta", "01/04/2026");
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        var missing = org.assertj.core.api.Assertions.catchThrowableOfType(DomainException.BadInput.class,
                () -> dossiers.fileOnline(me, "BQP-BP-02", form, null, null, java.util.List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf))));
        assertThat(missing.errors()).extracting(DomainException.FieldError::field).containsExactly("attachments.declaration");
        Dossier d = dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                java.util.List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf)));
        assertThat(d.channel()).isEqualTo(Dossier.Channel.ONLINE);
        assertThat(d.attachments()).hasSize(2);
        String code = d.code();
        o.ok(OneStop.DESK_BDBP, code, "receive", "{}");
        o.ok(OneStop.DESK_BDBP, code, "advance", "{}");
        o.ok(OneStop.PROC_BDBP, code, "advance", "{}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.rate(me, code, 5, "Tốt")).isInstanceOf(DomainException.Conflict.class);
        o.ok(OneStop.DESK_BDBP, code, "return-result", "{}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.rate(me, code, 6, null)).isInstanceOf(DomainException.BadInput.class);
        assertThat(dossiers.rate(me, code, 4, "Nhanh, thuận tiện").rating()).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.rate(me, code, 5, null)).isInstanceOf(DomainException.Conflict.class);
        assertThat(dossiers.ofCitizen(me)).extracting(Dossier::code).contains(code);
    }

    @Test
    void the_citizen_answers_a_supplement_request_with_a_file_and_nobody_else_can() {
        var me = new CitizenIdentity(OneStop.id(), "Đỗ Văn Hải", LocalDate.of(1992, 7, 8), Gender.MALE, "Hải Phòng", "0977000111", null, 2);
        Map<String, Object> form = Map.of("vesselName", "HAI DANG", "imo", "9456789", "flag", "VNM", "master", "DO VAN HAI", "crew", "5",
                "passengers", "0", "port", "Hải Phòng", "eta", "02/04/2026");
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        String code = dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                java.util.List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf))).code();
        o.ok(OneStop.DESK_BDBP, code, "request-supplement", "{\"reason\":\"Bổ sung danh sách hành khách\"}");
        var stranger = new CitizenIdentity(OneStop.id(), "Người Khác", LocalDate.of(1990, 1, 1), Gender.MALE, "Hà Nội", null, null, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.answerSupplement(stranger, code, null, java.util.List.of()))
                .isInstanceOf(DomainException.NotFound.class);
        byte[] list = "%PDF-1.4\n2 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        Dossier d = dossiers.answerSupplement(me, code, "Đã bổ sung", java.util.List.of(Dossiers.Upload.of("passengerList", "pax.pdf", list)));
        assertThat(d.status()).isEqualTo(DossierStatus.RECEIVED);
        assertThat(d.attachments()).extracting(Dossier.Attachment::component).contains("passengerList");
        assertThat(d.appointmentAt()).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dossiers.answerSupplement(me, code, null, java.util.List.of()))
                .isInstanceOf(DomainException.Conflict.class);
    }
}
