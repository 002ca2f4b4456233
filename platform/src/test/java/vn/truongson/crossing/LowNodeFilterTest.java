package vn.truongson.crossing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Issue 15: on a low node the office and the official-document APIs are 404, the portal and the edXML entry stay. */
class LowNodeFilterTest {

    int status(String path) throws Exception {
        var req = new MockHttpServletRequest("GET", path);
        var res = new MockHttpServletResponse();
        var chain = new MockFilterChain();
        new LowNodeFilter().doFilter(req, res, chain);
        return chain.getRequest() == null ? res.getStatus() : 200;
    }

    @Test
    void the_office_and_classified_apis_are_missing_the_portal_is_not() throws Exception {
        for (String p : new String[] {"/office", "/office/one-stop", "/office/documents/1", "/api/v1/documents", "/api/v1/documents/5/edxml",
                "/api/v1/archive/batches", "/api/v1/security/alerts"}) {
            assertThat(status(p)).as(p).isEqualTo(404);
        }
        for (String p : new String[] {"/", "/procedures", "/citizen/dossiers", "/api/v1/exchange/edxml", "/officers", "/api/v1/documentsx",
                "/login"}) {
            assertThat(status(p)).as(p).isEqualTo(200);
        }
    }
}
