package vn.truongson.crossing.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import vn.truongson.crossing.Releases;

/**
 * The office menu's link to {@code /office/gateway} ({@code gatewayMenu} in the layout): only on a high node, only for a
 * GATEWAY_RELEASER, SECURITY_OFFICER or ADMIN — whoever else would find the page 404 does not see the link either.
 * Added after the handler and only when a page is rendered.
 */
@Configuration(proxyBeanMethods = false)
class GatewayMenu implements WebMvcConfigurer, HandlerInterceptor {

    private final Releases releases;

    GatewayMenu(Releases releases) {
        this.releases = releases;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/office/**", "/office", "/admin/**", "/account/**");
    }

    @Override
    public void postHandle(HttpServletRequest req, HttpServletResponse res, Object handler, @Nullable ModelAndView mav) {
        if (mav == null || (mav.getViewName() != null && mav.getViewName().startsWith("redirect:"))) return;
        mav.addObject("gatewayMenu", releases.visible());
    }
}
