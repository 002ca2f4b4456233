package vn.truongson.population.citizen;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The header of any rendered page names the signed-in citizen ({@code citizenShell}: name and e-ID level,
 * a link to {@code /citizen}); added after the handler and only for views, as the officials' shell is.
 */
@Configuration(proxyBeanMethods = false)
class CitizenHeader implements WebMvcConfigurer {

    public record View(String fullName, int assuranceLevel) {}

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void postHandle(HttpServletRequest req, HttpServletResponse res, Object handler, @Nullable ModelAndView mav) {
                if (mav == null || (mav.getViewName() != null && mav.getViewName().startsWith("redirect:"))) return;
                SessionCitizens.signedIn(req).ifPresent(c -> mav.addObject("citizenShell", new View(c.fullName(), c.assuranceLevel())));
            }
        });
    }
}
