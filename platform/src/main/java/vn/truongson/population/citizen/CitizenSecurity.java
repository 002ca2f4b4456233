package vn.truongson.population.citizen;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The citizens' door, {@code /citizen/**}, apart from the officials'. The citizen is whoever the session's
 * {@link SignedInCitizen#ATTRIBUTE} names, never saved as a Spring Security context: so an official's
 * session context is not read here (an official is not a citizen on {@code /citizen}), and a citizen's is
 * never seen by the officials' chains ({@code /office}, {@code /admin}, the API ask for an official's
 * context or a bearer token, which a citizen has not).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties(EidProperties.class)
class CitizenSecurity {

    static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_CITIZEN"));

    @Bean
    @Order(0)
    SecurityFilterChain citizens(HttpSecurity http) throws Exception {
        http.securityMatcher("/citizen", "/citizen/**")
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new CitizenFilter(), AnonymousAuthenticationFilter.class)
                .requestCache(r -> r.disable())
                .logout(l -> l.disable())
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/citizen/login", "/citizen/callback").permitAll()
                        .anyRequest().hasRole("CITIZEN"))
                // Not a citizen (nobody, or an official): to the citizens' sign-in, then back here.
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, ex) -> toSignIn(req, res))
                        .accessDeniedHandler((req, res, ex) -> toSignIn(req, res)))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"))
                        // Links out of the platform carry no address of ours (issue 10, finding 13).
                        .referrerPolicy(r -> r.policy(org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static void toSignIn(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String next = "GET".equals(req.getMethod()) ? req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString()) : "/citizen";
        res.sendRedirect("/citizen/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    /** Puts the session's citizen in this request's security context. */
    static final class CitizenFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
            SessionCitizens.signedIn(req).ifPresent(c -> {
                var ctx = SecurityContextHolder.createEmptyContext();
                ctx.setAuthentication(new PreAuthenticatedAuthenticationToken(c, null, AUTHORITIES));
                SecurityContextHolder.setContext(ctx);
            });
            chain.doFilter(req, res);
        }
    }
}
