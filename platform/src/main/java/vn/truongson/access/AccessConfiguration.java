package vn.truongson.access;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Beans the access module needs with or without a web server (the audit-verify command has none). */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id, OWASP's first choice; parameters as Spring Security 5.8+ recommends.
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
