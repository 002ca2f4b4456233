package vn.truongson.access.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.Zones;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/** The network-zone screen: system administrators only; inline errors; add and delete take effect at once. */
@PlatformTest
class ZoneScreensTest {

    /** TEST-NET-2 (RFC 5737): never a real network, so adding it changes no test's zone. */
    static final String RANGE = "198.51.100.0/24";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired Zones zones;

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void the_page_lists_the_ranges_and_what_each_zone_may_carry() throws Exception {
        MvcResult r = send(get("/admin/zones"), "admin");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = body(r);
        assertThat(html).contains("Vùng mạng và dải địa chỉ", "Mạng truyền số liệu quân sự", "Mạng di động");
        for (Zones.Range range : zones.ranges()) assertThat(html).contains(range.cidr());
        // MockMvc comes from 127.0.0.1: the loopback range puts it on the military network.
        assertThat(html).contains("thuộc vùng Mạng truyền số liệu quân sự");
    }

    @Test
    void only_a_system_administrator_may_open_or_change_zones() throws Exception {
        assertThat(send(get("/admin/zones"), "auditor").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(get("/admin/zones"), "chihuy.btl86").getResponse().getStatus()).isEqualTo(403);
        assertThat(send(post("/admin/zones").with(csrf()).param("cidr", RANGE).param("zone", "internet"), "auditor").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(zones.ranges()).noneMatch(z -> z.cidr().equals(RANGE));
    }

    @Test
    void a_bad_range_comes_back_beside_the_field_and_a_good_one_is_added_then_deleted() throws Exception {
        MvcResult bad = send(post("/admin/zones").with(csrf()).param("cidr", "10.0.0.300/8").param("zone", "mobile").param("note", "Sai"), "admin");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(bad)).contains("id=\"cidr-error\"", "Dải địa chỉ &quot;10.0.0.300/8&quot; không hợp lệ", "value=\"10.0.0.300/8\"");

        MvcResult added = send(post("/admin/zones").with(csrf()).param("cidr", "198.51.100.77/24").param("zone", "mobile")
                .param("note", "Mạng di động thử nghiệm của Đồn Biên phòng"), "admin");
        assertThat(added.getResponse().getStatus()).isEqualTo(302);
        assertThat(added.getFlashMap().get("notice")).asString().contains(RANGE);
        assertThat(zones.zoneOf("198.51.100.9")).isEqualTo(NetworkZone.MOBILE);
        Zones.Range range = zones.ranges().stream().filter(z -> z.cidr().equals(RANGE)).findFirst().orElseThrow();
        assertThat(body(send(get("/admin/zones"), "admin"))).contains("id=\"zone-" + range.id() + "\"", "Mạng di động thử nghiệm của Đồn Biên phòng");

        MvcResult twice = send(post("/admin/zones").with(csrf()).param("cidr", RANGE).param("zone", "internet"), "admin");
        assertThat(twice.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(twice)).contains("id=\"cidr-error\"", "đã được khai báo");

        MvcResult deleted = send(post("/admin/zones/" + range.id() + "/delete").with(csrf()), "admin");
        assertThat(deleted.getResponse().getStatus()).isEqualTo(302);
        assertThat(zones.zoneOf("198.51.100.9")).isEqualTo(NetworkZone.INTERNET);
        assertThat(body(send(get("/admin/zones"), "admin"))).doesNotContain("id=\"zone-" + range.id() + "\"");
    }
}
