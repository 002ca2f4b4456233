package vn.truongson.population.citizen;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Citizens;

/** The signed-in citizen is the one in this request's session, on any page (public or under /citizen). */
@Component
class SessionCitizens implements Citizens {

    @Override
    public Optional<CitizenIdentity> current() {
        return signedIn().map(SignedInCitizen::identity);
    }

    static Optional<SignedInCitizen> signedIn() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) return Optional.empty();
        return signedIn(attrs.getRequest());
    }

    static Optional<SignedInCitizen> signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) return Optional.empty();
        return session.getAttribute(SignedInCitizen.ATTRIBUTE) instanceof SignedInCitizen c ? Optional.of(c) : Optional.empty();
    }
}
