package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 13: addresses on the audit screen as people write them. */
class AuditActionsTest {

    @Test
    void ipv6_is_shortened_as_rfc_5952_writes_it() {
        assertThat(AuditActions.ip("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(AuditActions.ip("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(AuditActions.ip("2001:0DB8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(AuditActions.ip("fe80:0:0:0:1:0:0:0")).isEqualTo("fe80::1:0:0:0");
        assertThat(AuditActions.ip("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(AuditActions.ip("1:0:2:3:4:5:6:7")).isEqualTo("1:0:2:3:4:5:6:7");
        assertThat(AuditActions.ip("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AuditActions.ip(null)).isEmpty();
        assertThat(AuditActions.ip("zz:1")).isEqualTo("zz:1");
    }
}
