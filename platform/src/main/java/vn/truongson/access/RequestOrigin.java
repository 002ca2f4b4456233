package vn.truongson.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides each request's network zone from its address, first thing, and keeps zone and address for the
 * policy, the audit trail and the logs. Behind a reverse proxy, set {@code server.forward-headers-strategy}
 * so that the address is the client's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestOrigin extends OncePerRequestFilter {

    static final String ZONE = RequestOrigin.class.getName() + ".zone";
    static final String IP = RequestOrigin.class.getName() + ".ip";

    private final Zones zones;

    RequestOrigin(Zones zones) {
        this.zones = zones;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
        String ip = req.getRemoteAddr();
        NetworkZone zone = zones.zoneOf(ip);
        req.setAttribute(ZONE, zone);
        req.setAttribute(IP, ip);
        MDC.put("zone", zone.id());
        MDC.put("ip", ip);
        try {
            chain.doFilter(req, res);
        } finally {
            MDC.remove("zone");
            MDC.remove("ip");
        }
    }

    /** The current request's zone; outside a request (scheduled jobs) the platform acts on the military network. */
    public static NetworkZone currentZone() {
        Object z = attribute(ZONE);
        return z instanceof NetworkZone nz ? nz : NetworkZone.MILITARY_NETWORK;
    }

    public static String currentIp() {
        Object ip = attribute(IP);
        return ip instanceof String s ? s : "-";
    }

    static boolean inRequest() {
        return RequestContextHolder.getRequestAttributes() != null;
    }

    private static @Nullable Object attribute(String name) {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        return attrs == null ? null : attrs.getAttribute(name, RequestAttributes.SCOPE_REQUEST);
    }
}
