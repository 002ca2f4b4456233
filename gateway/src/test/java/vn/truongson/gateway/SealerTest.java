package vn.truongson.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The TimeStampResp status as the platform's TSA answers it (long-form lengths), and what is not one. */
class SealerTest {

    @Test
    void readsThePkiStatusOfARealAnswerAndRefusesOtherBytes() {
        // The first bytes of the platform's /api/v1/pki/tsa answer (granted, "Operation Okay").
        assertThat(Sealer.pkiStatus(HexFormat.of().parseHex("308207b13015020100300f0c0e4f7065726174696f6e204f6b6179"))).isZero();
        assertThat(Sealer.pkiStatus(HexFormat.of().parseHex("3005300302010200"))).isEqualTo(2); // rejection
        assertThatThrownBy(() -> Sealer.pkiStatus("<html>".getBytes())).isInstanceOf(IllegalStateException.class);
    }
}
