package vn.truongson.exchange.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;


/**
 * The systems' door: {@code /oauth2/token} and the mediator {@code /x/**} authenticate systems themselves (client
 * credentials, then the system's bearer token), never people: no session, no CSRF (no cookie is honoured), and no
 * official's token or session counts here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ExchangeSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain exchangeSystems(HttpSecurity http) throws Exception {
        http.securityMatcher("/oauth2/token", "/x/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .securityContext(c -> c.securityContextRepository(new org.springframework.security.web.context.RequestAttributeSecurityContextRepository()))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }
}
