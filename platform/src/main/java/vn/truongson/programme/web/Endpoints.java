package vn.truongson.programme.web;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Which of the programme's file endpoints this build serves: the Excel import and the compilation exports are
 * built beside these screens, so a plan page links to them only once they answer, never to a 404.
 */
@Component
class Endpoints {

    private final RequestMappingHandlerMapping mappings;
    private volatile @Nullable Set<String> known;

    Endpoints(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    /**
     * The first of the path templates ("/office/programme/plans/{}/compilation.pdf") served for the method, with
     * {@code {}} filled in by {@code id}: a screen route first, the API's as the fallback.
     */
    Optional<String> first(RequestMethod method, long id, List<String> templates) {
        Set<String> k = known();
        return templates.stream().filter(t -> k.contains(method + " " + t)).findFirst().map(t -> t.replace("{}", Long.toString(id)));
    }

    private Set<String> known() {
        Set<String> k = known;
        if (k == null) {
            k = new HashSet<>();
            for (var info : mappings.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String normal = pattern.replaceAll("\\{[^}]*}", "{}");
                    if (methods.isEmpty()) {
                        for (RequestMethod m : RequestMethod.values()) k.add(m + " " + normal);
                    } else {
                        for (RequestMethod m : methods) k.add(m + " " + normal);
                    }
                }
            }
            known = k;
        }
        return k;
    }
}
