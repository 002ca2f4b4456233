package vn.truongson.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.truongson.files.MasterKey;
import vn.truongson.support.PlatformTest;

/** The master key on the platform token wraps data keys: round trip, and the wrapped key is not the key. */
@PlatformTest
class MasterKeyTest {

    @Autowired MasterKey masterKey;

    @Test
    void a_data_key_wraps_and_unwraps_and_the_wrapped_form_is_not_the_key() {
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        String keyId = masterKey.keyId();
        byte[] wrapped = masterKey.wrap(dataKey);
        assertThat(wrapped).isNotEqualTo(dataKey);
        assertThat(new String(wrapped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(dataKey, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(masterKey.unwrap(keyId, wrapped)).isEqualTo(dataKey);
        // Each wrap is fresh (a new IV), and both unwrap to the same key.
        byte[] again = masterKey.wrap(dataKey);
        assertThat(again).isNotEqualTo(wrapped);
        assertThat(masterKey.unwrap(keyId, again)).isEqualTo(dataKey);
    }

    @Test
    void a_tampered_wrapped_key_or_an_unknown_key_id_does_not_unwrap() {
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        byte[] wrapped = masterKey.wrap(dataKey);
        wrapped[wrapped.length - 1] ^= 1;
        assertThatThrownBy(() -> masterKey.unwrap(masterKey.keyId(), wrapped)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> masterKey.unwrap("no-such-key", masterKey.wrap(dataKey))).isInstanceOf(IllegalArgumentException.class);
    }
}
