package vn.truongson.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two doors. {@code /api/**}: stateless, bearer tokens, 401 problems. Everything else: browser sessions
 * kept in the database (any node serves any request), CSRF-protected forms, sign-in at {@code /login}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableJdbcHttpSession
class SecurityConfiguration {

    static final List<SimpleGrantedAuthority> AUTHORITIES = List.of(new SimpleGrantedAuthority("ROLE_OFFICIAL"));

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionIdleTimeout(AccessProperties props) {
        return repo -> repo.setDefaultMaxInactiveInterval(props.sessionIdleTimeout());
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, Tokens tokens, vn.truongson.core.Problems problems) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new org.springframework.security.web.context.RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new BearerTokenFilter(tokens), org.springframework.security.web.authentication.AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/v1/auth/token").permitAll()
                        // signing: the PKI's public face (relying parties outside fetch the root and CRLs; the TSA answers anyone)
                        .requestMatchers("/api/v1/pki/ca.pem", "/api/v1/pki/crl", "/api/v1/pki/root-crl", "/api/v1/pki/tsa").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problems.write(req, res, HttpStatus.UNAUTHORIZED, "problem.unauthenticated"))
                        .accessDeniedHandler((req, res, ex) -> problems.write(req, res, HttpStatus.FORBIDDEN, "problem.forbidden")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain browser(HttpSecurity http, SecurityContextRepository repo) throws Exception {
        http.securityContext(c -> c.securityContextRepository(repo))
                .authorizeHttpRequests(a -> a
                        // Metrics describe the system: readable from the military network only.
                        .requestMatchers("/actuator/prometheus").access((auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(
                                ctx.getRequest().getAttribute(RequestOrigin.ZONE) == NetworkZone.MILITARY_NETWORK))
                        .requestMatchers("/", "/login", "/login/**", "/procedures", "/procedures/**", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?loggedOut").invalidateHttpSession(true))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"))
                        // Links out of the platform carry no address of ours (issue 10, finding 13).
                        .referrerPolicy(r -> r.policy(org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new SignedInCsrfToken(), org.springframework.security.web.csrf.CsrfFilter.class);
        return http.build();
    }

    /**
     * Loads the CSRF token before a signed-in person's page is written. Spring Security defers it until a form asks,
     * and the header's sign-out form comes after several kilobytes of page: were the token's session made only then,
     * the response could already be committed ("Cannot create a session after the response has been committed").
     * A signed-in browser already has its session, so nothing new is made; anonymous visitors are left alone, so a
     * flood of them creates no sessions.
     */
    static final class SignedInCsrfToken extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated() && !(auth instanceof org.springframework.security.authentication.AnonymousAuthenticationToken)
                    && req.getAttribute(org.springframework.security.web.csrf.CsrfToken.class.getName()) instanceof org.springframework.security.web.csrf.CsrfToken token) {
                token.getToken();
            }
            chain.doFilter(req, res);
        }
    }

    /** Resolves {@code Authorization: Bearer …} to the account it was issued to. */
    static final class BearerTokenFilter extends OncePerRequestFilter {
        private final Tokens tokens;

        BearerTokenFilter(Tokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
            String h = req.getHeader("Authorization");
            if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                tokens.resolve(h.substring(7).trim()).ifPresent(p -> {
                    var auth = UsernamePasswordAuthenticationToken.authenticated(p, null, AUTHORITIES);
                    var ctx = SecurityContextHolder.createEmptyContext();
                    ctx.setAuthentication(auth);
                    SecurityContextHolder.setContext(ctx);
                });
            }
            chain.doFilter(req, res);
        }
    }
}
