package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.truongson.core.DomainException;

class ZonesTest {

    @Test
    void ranges_are_parsed_to_their_canonical_form() {
        assertThat(Zones.parse(0, "10.1.2.3/8", NetworkZone.MOBILE, "").range().cidr()).isEqualTo("10.0.0.0/8");
        assertThat(Zones.parse(0, "192.168.1.7", NetworkZone.MOBILE, "").range().cidr()).isEqualTo("192.168.1.7/32");
        assertThat(Zones.parse(0, "fd00::1/64", NetworkZone.MOBILE, "").range().cidr()).isEqualTo("fd00:0:0:0:0:0:0:0/64");
    }

    @Test
    void bad_ranges_name_the_field_and_never_resolve_names() {
        for (String bad : new String[] {"10.0.0.0/33", "300.1.1.1", "example.com", "10.0.0.0/8/1", "", "/8", "::g/64"}) {
            assertThatThrownBy(() -> Zones.parse(0, bad, NetworkZone.MOBILE, ""))
                    .isInstanceOfSatisfying(DomainException.BadInput.class, e -> assertThat(e.errors().get(0).field()).isEqualTo("cidr"));
        }
    }
}
