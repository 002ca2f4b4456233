package vn.truongson.publicservice;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;
import vn.truongson.publicservice.Dossiers.Waiver;

/** The desk's check at reception (Mẫu 01): every required component present or waived with a reason. */
final class Reception {

    private Reception() {}

    static void checkSizes(@Nullable List<String> checkedComponents, List<Waiver> given) {
        List<FieldError> bad = new ArrayList<>();
        if (checkedComponents != null && checkedComponents.size() > 200) bad.add(new FieldError("checkedComponents", "problem.field.length", 0, 200));
        if (given.size() > Dossiers.MAX_WAIVERS) bad.add(new FieldError("waivers", "problem.field.length", 0, Dossiers.MAX_WAIVERS));
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
    }

    /**
     * The components waived (code → reason, in the order given), once every required one is present or waived; else a 400
     * naming each problem. Present: ticked, or, when the list is left out, attached, or all for a dossier entered by an officer.
     */
    static Map<String, String> waived(Dossier d, Procedure p, @Nullable List<String> checkedComponents, List<Waiver> given) {
        List<FieldError> bad = new ArrayList<>();
        Set<String> present = new HashSet<>();
        if (checkedComponents != null) {
            checkedComponents.stream().filter(Objects::nonNull).forEach(present::add);
        } else {
            d.attachments().forEach(a -> present.add(a.component()));
            // Entered by a one-stop officer (walk-in, or brought over from another portal): he checked the papers on entering it.
            if (d.submittedBy().startsWith("official:")) p.components().forEach(c -> present.add(c.code()));
        }
        Map<String, String> waived = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            Waiver w = given.get(i);
            String path = "waivers[" + i + "]";
            String component = w == null || w.component() == null ? "" : w.component().strip();
            if (p.components().stream().noneMatch(c -> c.code().equals(component))) {
                bad.add(new FieldError(path + ".component", "publicservice.upload.unknown-component", component.length() > 100 ? component.substring(0, 100) : component));
                continue;
            }
            String r = w.reason() == null ? "" : w.reason().strip();
            if (r.isEmpty()) bad.add(new FieldError(path + ".reason", "publicservice.receive.waiver-reason", componentName(p, component)));
            else if (r.length() > Dossiers.MAX_WAIVER_REASON) bad.add(new FieldError(path + ".reason", "problem.field.length", 1, Dossiers.MAX_WAIVER_REASON));
            else if (VietnameseText.firstControlChar(r, true) >= 0 || DossierRules.loneSurrogate(r)) bad.add(new FieldError(path + ".reason", "problem.field.invalid"));
            else if (!present.contains(component)) waived.put(component, VietnameseText.nfc(r));
        }
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
        for (Procedure.Component c : p.components()) {
            if (c.required() && !present.contains(c.code()) && !waived.containsKey(c.code())) {
                bad.add(new FieldError("checkedComponents", "publicservice.receive.missing", c.name(), c.code()));
            }
        }
        if (!bad.isEmpty()) throw new DomainException.BadInput(bad);
        return waived;
    }

    static String componentName(Procedure p, String code) {
        return p.components().stream().filter(c -> c.code().equals(code)).map(Procedure.Component::name).findFirst().orElse(code);
    }
}
