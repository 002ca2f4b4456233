package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * The one policy, proven on real records over real HTTP: grant scope (UNIT, SUBTREE), clearance, and the
 * network zone of the request. Expected sets are computed independently, from the tree in the database.
 */
@PlatformTest
class AccessPolicyMatrixTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    Set<Long> ids(JsonNode array) {
        Set<Long> s = new HashSet<>();
        array.forEach(n -> s.add(Long.parseLong(n.get("id").asString())));
        return s;
    }

    Set<Long> subtree(String code, int maxSecrecy) {
        String path = jdbc.sql("select path from org_unit where code = ?").param(code).query(String.class).single();
        return new HashSet<>(jdbc.sql("select id from org_unit where path like ? and secrecy <= ?").params(path + "%", maxSecrecy).query(Long.class).list());
    }

    @Test
    void a_subtree_grant_sees_the_unit_and_its_descendants_and_nothing_else() {
        // chihuy.qk1: COMMANDER, SUBTREE on Quân khu 1, cleared Tối mật, on the military network (loopback).
        Set<Long> seen = ids(api.get("/api/v1/units?limit=5000", "chihuy.qk1").json());
        Set<Long> expected = subtree("QK1", 3);
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(seen).isEqualTo(expected);

        // Officials follow the same scope.
        JsonNode officials = api.get("/api/v1/officials?limit=5000", "chihuy.qk1").json();
        long expectedOfficials = jdbc.sql("select count(*) from org_official where unit_id = any(?)")
                .param(expected.toArray(Long[]::new)).query(Long.class).single();
        assertThat(officials.size()).isEqualTo((int) expectedOfficials);
        officials.forEach(o -> assertThat(expected).contains(Long.parseLong(o.get("unitId").asString())));

        // A detail page agrees with the list: inside 200, outside 403.
        assertThat(api.get("/api/v1/units/" + unitId("SD3"), "chihuy.qk1").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/units/" + unitId("QK3"), "chihuy.qk1").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/units/" + unitId("BQP"), "chihuy.qk1").status()).isEqualTo(403);
    }

    @Test
    void a_unit_grant_sees_that_unit_only() {
        // baocao.qk1: UNIT_REPORTER, UNIT scope on Quân khu 1.
        Set<Long> seen = ids(api.get("/api/v1/units?limit=5000", "baocao.qk1").json());
        assertThat(seen).containsExactly(unitId("QK1"));
        assertThat(api.get("/api/v1/units/" + unitId("SD3"), "baocao.qk1").status()).isEqualTo(403);
    }

    @Test
    void a_ministry_wide_grant_sees_every_unit_at_its_level() {
        Set<Long> seen = ids(api.get("/api/v1/units?limit=5000", "dieuphoi.btl86").json());
        // Cleared Thường: everything but the classified units.
        assertThat(seen).isEqualTo(subtree("BQP", 0));
    }

    @Test
    void a_classified_record_is_hidden_from_a_thuong_cleared_person() {
        long ttdl = unitId("TTDL"); // Trung tâm Dữ liệu, Mật, under Bộ Tư lệnh 86
        // soanthao.btl86: SUBTREE on BTL86 but cleared Thường.
        Set<Long> seen = ids(api.get("/api/v1/units?limit=5000", "soanthao.btl86").json());
        assertThat(seen).contains(unitId("BTL86"), unitId("VPBTL86")).doesNotContain(ttdl);
        // The detail says it does not exist, not that it is forbidden.
        assertThat(api.get("/api/v1/units/" + ttdl, "soanthao.btl86").status()).isEqualTo(404);
        JsonNode officials = api.get("/api/v1/officials?unitId=" + ttdl + "&limit=500", "soanthao.btl86").json();
        assertThat(officials.size()).isZero();

        // chihuy.btl86, cleared Tối mật, on the military network, sees it, and the read is audited.
        assertThat(ids(api.get("/api/v1/units?limit=5000", "chihuy.btl86").json())).contains(ttdl);
        long before = auditedReads(ttdl);
        assertThat(api.get("/api/v1/units/" + ttdl, "chihuy.btl86").status()).isEqualTo(200);
        assertThat(auditedReads(ttdl)).isEqualTo(before + 1);
        assertThat(api.get("/api/v1/officials?unitId=" + ttdl + "&limit=500", "chihuy.btl86").json().size()).isGreaterThan(0);
    }

    long auditedReads(long unitId) {
        return jdbc.sql("select count(*) from audit_event where action = 'classified.read' and target = ? and outcome = 'SUCCESS'")
                .param("unit:" + unitId).query(Long.class).single();
    }

    RequestPostProcessor as(String username, String address) {
        AccountPrincipal p = jdbc.sql("select id, official_id, username from access_account where username = ?").param(username)
                .query((rs, n) -> new AccountPrincipal(rs.getLong(1), rs.getLong(2), rs.getString(3))).single();
        var auth = UsernamePasswordAuthenticationToken.authenticated(p, null, SecurityConfiguration.AUTHORITIES);
        return r -> {
            r.setRemoteAddr(address);
            return authentication(auth).postProcessRequest(r);
        };
    }

    @Test
    void a_classified_record_is_hidden_from_the_mobile_zone_whatever_the_clearance() throws Exception {
        long ttdl = unitId("TTDL");
        // 100.64.0.0/10 is a mobile range in the default zone table; chihuy.bqp is cleared Tuyệt mật.
        String mobileList = mvc.perform(get("/api/v1/units").param("limit", "5000").with(as("chihuy.bqp", "100.64.3.7")))
                .andReturn().getResponse().getContentAsString();
        assertThat(ids(Api.json(mobileList))).doesNotContain(ttdl).contains(unitId("BTL86"));
        assertThat(mvc.perform(get("/api/v1/units/" + ttdl).with(as("chihuy.bqp", "100.64.3.7"))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        // The same person from the military network sees it.
        String militaryList = mvc.perform(get("/api/v1/units").param("limit", "5000").with(as("chihuy.bqp", "10.1.2.3")))
                .andReturn().getResponse().getContentAsString();
        assertThat(ids(Api.json(militaryList))).contains(ttdl);
        // And from the internet (an address in no range) it is hidden too.
        assertThat(mvc.perform(get("/api/v1/units/" + ttdl).with(as("chihuy.bqp", "203.0.113.9"))).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void me_reports_the_zone_of_the_request() throws Exception {
        String me = mvc.perform(get("/api/v1/me").with(as("baocao.qk1", "100.64.9.9"))).andReturn().getResponse().getContentAsString();
        assertThat(Api.json(me).get("zone").asString()).isEqualTo("mobile");
        assertThat(api.get("/api/v1/me", "baocao.qk1").json().get("zone").asString()).isEqualTo("military-network");
    }

    @Test
    void metrics_answer_the_military_network_only() throws Exception {
        var fromMobile = mvc.perform(get("/actuator/prometheus").with(r -> { r.setRemoteAddr("100.64.1.1"); return r; })).andReturn();
        assertThat(fromMobile.getResponse().getStatus()).isIn(302, 401, 403);
        var fromInternet = mvc.perform(get("/actuator/prometheus").with(r -> { r.setRemoteAddr("203.0.113.9"); return r; })).andReturn();
        assertThat(fromInternet.getResponse().getStatus()).isIn(302, 401, 403);
        var fromMilitary = mvc.perform(get("/actuator/prometheus").with(r -> { r.setRemoteAddr("10.1.2.3"); return r; })).andReturn();
        assertThat(fromMilitary.getResponse().getStatus()).isEqualTo(200);
        assertThat(fromMilitary.getResponse().getContentAsString()).contains("jvm_memory");
    }
}
