package vn.truongson.exchange.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.ListWorkbook;
import vn.truongson.core.Problems;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.exchange.Agreements;
import vn.truongson.exchange.Catalogue;
import vn.truongson.exchange.Databases;
import vn.truongson.exchange.Model.Classification;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.exchange.Model.SystemStatus;
import vn.truongson.exchange.OpenData;
import vn.truongson.org.UnitOption;
import vn.truongson.org.Units;

/**
 * The exchange's forms (Vietnamese): register and edit a system, add and edit a service with its classified fields,
 * and ask for an agreement on a service. Each goes through the same services as the API (the same checks, the same
 * audit); a bad field shows the form again (400) with the message beside the field; a refusal of privilege shows it
 * again (403) with the reason.
 */
@Controller
class ExchangeForms {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);
    /** Empty field rows offered below the service's own, to add fields without script. */
    static final int BLANK_ROWS = 4;
    static final int MAX_ROWS = 200;

    private final Catalogue catalogue;
    private final Agreements agreements;
    private final Units units;
    private final AccessPolicy policy;
    private final Problems problems;
    private final OpenData open;
    private final Databases databases;

    ExchangeForms(Catalogue catalogue, Agreements agreements, Units units, AccessPolicy policy, Problems problems, OpenData open, Databases databases) {
        this.databases = databases;
        this.catalogue = catalogue;
        this.agreements = agreements;
        this.units = units;
        this.policy = policy;
        this.problems = problems;
        this.open = open;
    }

    record Row(String name, String classification) {}

    // ---- systems -----------------------------------------------------------------------------------

    @GetMapping("/office/exchange/systems/new")
    String newSystem(Model model) {
        Map<String, String> form = systemParams(new org.springframework.util.LinkedMultiValueMap<>());
        form.put("securityLevel", "2");
        form.put("secrecy", "THUONG");
        form.put("status", "IN_SERVICE");
        return systemForm(model, null, form, List.of(NetworkZone.MILITARY_NETWORK.id()), Map.of(), null);
    }

    @PostMapping("/office/exchange/systems/new")
    String register(@RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        Map<String, String> form = systemParams(params);
        List<String> zones = bounded(params.getOrDefault("zones", List.of()), 5);
        try {
            InfoSystem s = catalogue.register(new Catalogue.NewSystem(form.get("code"), form.get("name"), form.get("ownerUnitId"), form.get("purpose"),
                    level(form.get("securityLevel")), form.get("secrecy"), zones, form.get("status"), form.get("endpointBaseUrl"), form.get("contact")));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.register", new Object[] {s.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return systemForm(model, null, form, zones, errors(e, locale), null);
        } catch (DomainException.Forbidden e) {
            res.setStatus(403);
            return systemForm(model, null, form, zones, Map.of(), problems.message(e.messageKey(), e.args(), locale));
        }
    }

    @GetMapping("/office/exchange/systems/{code}/edit")
    String editSystem(@PathVariable String code, Model model) {
        InfoSystem s = owned(code);
        Map<String, String> form = systemParams(new org.springframework.util.LinkedMultiValueMap<>());
        form.put("name", s.name());
        form.put("purpose", s.purpose());
        form.put("securityLevel", Integer.toString(s.securityLevel()));
        form.put("status", s.status().name());
        form.put("endpointBaseUrl", s.endpointBaseUrl() == null ? "" : s.endpointBaseUrl());
        form.put("contact", s.contact() == null ? "" : s.contact());
        return systemForm(model, s, form, List.of(), Map.of(), null);
    }

    @PostMapping("/office/exchange/systems/{code}/edit")
    String update(@PathVariable String code, @RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        InfoSystem s = owned(code);
        Map<String, String> form = systemParams(params);
        try {
            catalogue.update(code, new Catalogue.NewSystem(null, form.get("name"), null, form.get("purpose"), level(form.get("securityLevel")), null, null,
                    form.get("status"), form.get("endpointBaseUrl"), form.get("contact")));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.update", new Object[] {s.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return systemForm(model, s, form, List.of(), errors(e, locale), null);
        }
    }

    private String systemForm(Model model, InfoSystem editing, Map<String, String> form, List<String> zones, Map<String, String> errors, String problem) {
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("zonesChosen", zones);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("zones", NetworkZone.values());
        model.addAttribute("secrecies", SecrecyLevel.values());
        model.addAttribute("statuses", SystemStatus.values());
        if (editing == null) {
            model.addAttribute("unitOptions", UnitOption.of(units.directory(5000).stream()
                    .filter(u -> policy.permits(Catalogue.OWNERS, new ProtectedRecord("org-unit", u.id(), u.id(), SecrecyLevel.THUONG))).toList()));
        }
        return "exchange/system-form";
    }

    private static Map<String, String> systemParams(MultiValueMap<String, String> p) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("code", "name", "ownerUnitId", "purpose", "securityLevel", "secrecy", "status", "endpointBaseUrl", "contact")) {
            String v = p.getFirst(k);
            form.put(k, v == null ? "" : v);
        }
        return form;
    }

    /** The level as typed: a number 1..9 stays (1–5 are checked by the service), anything else is sent as 0 (out of range, 400). */
    private static Integer level(String s) {
        if (s == null || s.isBlank()) return null;
        return s.strip().matches("[0-9]") ? Integer.parseInt(s.strip()) : 0;
    }

    // ---- services ----------------------------------------------------------------------------------

    @GetMapping("/office/exchange/systems/{code}/services/new")
    String newService(@PathVariable String code, Model model) {
        InfoSystem s = owned(code);
        Map<String, String> form = serviceParams(new org.springframework.util.LinkedMultiValueMap<>());
        form.put("secrecy", "THUONG");
        return serviceForm(model, s, null, form, rows(List.of()), Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/services/new")
    String addService(@PathVariable String code, @RequestParam MultiValueMap<String, String> params, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        Map<String, String> form = serviceParams(params);
        List<Row> rows = rows(params);
        try {
            var v = catalogue.addService(code, new Catalogue.NewService(form.get("code"), form.get("name"), form.get("path"), form.get("secrecy"), fields(rows)));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.service", new Object[] {v.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return serviceForm(model, s, null, form, withBlanks(filled(rows)), errors(e, locale));
        }
    }

    @GetMapping("/office/exchange/systems/{code}/services/{service}/edit")
    String editService(@PathVariable String code, @PathVariable String service, Model model) {
        InfoSystem s = owned(code);
        var v = service(s, service);
        Map<String, String> form = serviceParams(new org.springframework.util.LinkedMultiValueMap<>());
        form.put("name", v.name());
        form.put("path", v.path());
        return serviceForm(model, s, v, form, rows(v.fields().stream().map(f -> new Row(f.name(), f.classification().name())).toList()), Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/services/{service}/edit")
    String updateService(@PathVariable String code, @PathVariable String service, @RequestParam MultiValueMap<String, String> params, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        var v = service(s, service);
        Map<String, String> form = serviceParams(params);
        List<Row> rows = rows(params);
        try {
            catalogue.updateService(code, service, new Catalogue.NewService(null, form.get("name"), form.get("path"), null, fields(rows)));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.service", new Object[] {v.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return serviceForm(model, s, v, form, withBlanks(filled(rows)), errors(e, locale));
        }
    }

    private String serviceForm(Model model, InfoSystem s, vn.truongson.exchange.Model.Service editing, Map<String, String> form, List<Row> rows,
            Map<String, String> errors) {
        model.addAttribute("system", s);
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("rows", rows);
        model.addAttribute("errors", errors);
        model.addAttribute("secrecies", java.util.Arrays.stream(SecrecyLevel.values()).filter(l -> s.secrecy().covers(l)).toList());
        model.addAttribute("classifications", Classification.values());
        return "exchange/service-form";
    }

    private static Map<String, String> serviceParams(MultiValueMap<String, String> p) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("code", "name", "path", "secrecy")) {
            String v = p.getFirst(k);
            form.put(k, v == null ? "" : v);
        }
        return form;
    }

    /** The rows as posted (fieldName and fieldClass, in order; at most 200 + the blank ones are read). */
    private static List<Row> rows(MultiValueMap<String, String> p) {
        List<String> names = bounded(p.getOrDefault("fieldName", List.of()), MAX_ROWS + BLANK_ROWS);
        List<String> classes = bounded(p.getOrDefault("fieldClass", List.of()), MAX_ROWS + BLANK_ROWS);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) out.add(new Row(names.get(i), i < classes.size() ? classes.get(i) : ""));
        return out;
    }

    private static List<Row> rows(List<Row> existing) {
        return withBlanks(existing);
    }

    private static List<Row> filled(List<Row> rows) {
        return rows.stream().filter(r -> !r.name().isBlank() || !r.classification().isBlank()).toList();
    }

    private static List<Row> withBlanks(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows);
        for (int i = 0; i < BLANK_ROWS; i++) out.add(new Row("", ""));
        return out;
    }

    /** The filled rows as fields; their index is the one the service names in its errors (fields[i]). */
    private static List<Catalogue.NewField> fields(List<Row> rows) {
        return filled(rows).stream().map(r -> new Catalogue.NewField(r.name().strip(), r.classification())).toList();
    }

    // ---- databases and their data sets -------------------------------------------------------------

    @GetMapping("/office/exchange/systems/{code}/databases/new")
    String newDatabase(@PathVariable String code, Model model) {
        InfoSystem s = owned(code);
        Map<String, String> form = params(new org.springframework.util.LinkedMultiValueMap<>(), "code", "name", "description", "secrecy");
        form.put("secrecy", "THUONG");
        return databaseForm(model, s, null, form, Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/databases/new")
    String addDatabase(@PathVariable String code, @RequestParam MultiValueMap<String, String> params, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        Map<String, String> form = params(params, "code", "name", "description", "secrecy");
        try {
            var d = databases.register(code, new Databases.NewDatabase(form.get("code"), form.get("name"), form.get("description"), form.get("secrecy")));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.database", new Object[] {d.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code() + "#database-" + d.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return databaseForm(model, s, null, form, errors(e, locale));
        }
    }

    @GetMapping("/office/exchange/systems/{code}/databases/{database}/edit")
    String editDatabase(@PathVariable String code, @PathVariable String database, Model model) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        Map<String, String> form = params(new org.springframework.util.LinkedMultiValueMap<>(), "code", "name", "description", "secrecy");
        form.put("name", d.name());
        form.put("description", d.description() == null ? "" : d.description());
        return databaseForm(model, s, d, form, Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/databases/{database}/edit")
    String updateDatabase(@PathVariable String code, @PathVariable String database, @RequestParam MultiValueMap<String, String> params, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        Map<String, String> form = params(params, "code", "name", "description", "secrecy");
        try {
            databases.update(code, database, new Databases.NewDatabase(null, form.get("name"), form.get("description"), null));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.database", new Object[] {d.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code() + "#database-" + d.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return databaseForm(model, s, d, form, errors(e, locale));
        }
    }

    private String databaseForm(Model model, InfoSystem s, Databases.Database editing, Map<String, String> form, Map<String, String> errors) {
        model.addAttribute("system", s);
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("secrecies", java.util.Arrays.stream(SecrecyLevel.values()).filter(l -> s.secrecy().covers(l)).toList());
        return "exchange/database-form";
    }

    @GetMapping("/office/exchange/systems/{code}/databases/{database}/datasets/new")
    String newDataset(@PathVariable String code, @PathVariable String database, Model model) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        return datasetForm(model, s, d, null, params(new org.springframework.util.LinkedMultiValueMap<>(), "code", "name", "description"),
                rows(List.of()), Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/databases/{database}/datasets/new")
    String addDataset(@PathVariable String code, @PathVariable String database, @RequestParam MultiValueMap<String, String> params, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        Map<String, String> form = params(params, "code", "name", "description");
        List<Row> rows = rows(params);
        try {
            var t = databases.addDataset(code, database, new Databases.NewDataset(form.get("code"), form.get("name"), form.get("description"), fields(rows)));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.dataset", new Object[] {t.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code() + "#database-" + d.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return datasetForm(model, s, d, null, form, withBlanks(filled(rows)), errors(e, locale));
        }
    }

    @GetMapping("/office/exchange/systems/{code}/databases/{database}/datasets/{dataset}/edit")
    String editDataset(@PathVariable String code, @PathVariable String database, @PathVariable String dataset, Model model) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        var t = dataset(d, dataset);
        Map<String, String> form = params(new org.springframework.util.LinkedMultiValueMap<>(), "code", "name", "description");
        form.put("name", t.name());
        form.put("description", t.description() == null ? "" : t.description());
        return datasetForm(model, s, d, t, form, rows(t.fields().stream().map(f -> new Row(f.name(), f.classification().name())).toList()), Map.of());
    }

    @PostMapping("/office/exchange/systems/{code}/databases/{database}/datasets/{dataset}/edit")
    String updateDataset(@PathVariable String code, @PathVariable String database, @PathVariable String dataset,
            @RequestParam MultiValueMap<String, String> params, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = owned(code);
        var d = databases.get(code, database);
        var t = dataset(d, dataset);
        Map<String, String> form = params(params, "code", "name", "description");
        List<Row> rows = rows(params);
        try {
            databases.updateDataset(code, database, dataset, new Databases.NewDataset(null, form.get("name"), form.get("description"), fields(rows)));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.dataset", new Object[] {t.code()}, locale));
            return "redirect:/office/exchange/systems/" + s.code() + "#database-" + d.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return datasetForm(model, s, d, t, form, withBlanks(filled(rows)), errors(e, locale));
        }
    }

    private String datasetForm(Model model, InfoSystem s, Databases.Database d, Databases.Dataset editing, Map<String, String> form, List<Row> rows,
            Map<String, String> errors) {
        model.addAttribute("system", s);
        model.addAttribute("database", d);
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("rows", rows);
        model.addAttribute("errors", errors);
        model.addAttribute("classifications", java.util.Arrays.stream(Classification.values()).filter(c -> d.secrecy().covers(c.level())).toList());
        return "exchange/dataset-form";
    }

    private static Databases.Dataset dataset(Databases.Database d, String code) {
        return d.datasets().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow(() -> new DomainException.NotFound("exchange-dataset", code));
    }

    private static Map<String, String> params(MultiValueMap<String, String> p, String... keys) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : keys) {
            String v = p.getFirst(k);
            form.put(k, v == null ? "" : v);
        }
        return form;
    }

    // ---- agreements --------------------------------------------------------------------------------

    @GetMapping("/office/exchange/systems/{code}/services/{service}/request")
    String requestForm(@PathVariable String code, @PathVariable String service, Model model) {
        InfoSystem s = catalogue.get(code);
        var v = service(s, service);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("consumer", "purpose", "legalBasis")) form.put(k, "");
        form.put("validUntil", DAY.format(Agreements.today().plusYears(1)));
        return agreementForm(model, s, v, form, v.fieldNames(), Map.of(), null);
    }

    @PostMapping("/office/exchange/systems/{code}/services/{service}/request")
    String request(@PathVariable String code, @PathVariable String service, @RequestParam MultiValueMap<String, String> params, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        InfoSystem s = catalogue.get(code);
        var v = service(s, service);
        Map<String, String> form = new LinkedHashMap<>();
        for (String k : List.of("consumer", "purpose", "legalBasis", "validUntil")) {
            String x = params.getFirst(k);
            form.put(k, x == null ? "" : x);
        }
        List<String> fields = bounded(params.getOrDefault("fields", List.of()), MAX_ROWS);
        try {
            Agreements.Agreement a = agreements.request(new Agreements.NewAgreement(form.get("consumer"), s.code(), v.code(), form.get("purpose"),
                    form.get("legalBasis"), fields, isoDate(form.get("validUntil"))));
            redirect.addFlashAttribute("notice", problems.message("exchange.ui.done.request", new Object[] {Ids.str(a.id())}, locale));
            return "redirect:/office/exchange/systems/" + s.code();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return agreementForm(model, s, v, form, fields, errors(e, locale), null);
        } catch (DomainException.Forbidden | DomainException.Conflict e) {
            res.setStatus(e instanceof DomainException.Conflict ? 409 : 403);
            return agreementForm(model, s, v, form, fields, Map.of(), problems.message(e.messageKey(), e.args(), locale));
        } catch (DomainException.NotFound e) {
            // The consumer named is not one the person may see: the form's own field, not the page, is wrong.
            res.setStatus(400);
            return agreementForm(model, s, v, form, fields, Map.of("consumer", problems.message("problem.field.enum", new Object[0], locale)), null);
        }
    }

    private String agreementForm(Model model, InfoSystem s, vn.truongson.exchange.Model.Service v, Map<String, String> form, List<String> chosen,
            Map<String, String> errors, String problem) {
        model.addAttribute("system", s);
        model.addAttribute("service", v);
        model.addAttribute("form", form);
        model.addAttribute("chosen", chosen);
        model.addAttribute("errors", errors);
        model.addAttribute("problem", problem);
        model.addAttribute("consumers", catalogue.list(null, 1000).stream().filter(c -> !c.code().equals(s.code()) && catalogue.mayManage(c)).toList());
        return "exchange/agreement-form";
    }

    /** dd/MM/yyyy as typed on the form → ISO for the service; anything else passes as it is (the service names the field). */
    static String isoDate(String s) {
        if (s == null) return null;
        try {
            return s.strip().matches("[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}") ? LocalDate.parse(pad(s.strip()), DAY).toString() : s;
        } catch (DateTimeParseException e) {
            return s;
        }
    }

    private static String pad(String s) {
        String[] p = s.split("/");
        return String.format(Locale.ROOT, "%02d/%02d/%s", Integer.parseInt(p[0]), Integer.parseInt(p[1]), p[2]);
    }

    // ---- export ------------------------------------------------------------------------------------

    @GetMapping("/office/exchange/catalogue.xlsx")
    ResponseEntity<byte[]> workbook(@RequestParam(defaultValue = "") String q) {
        return ListWorkbook.download("danh-muc-he-thong.xlsx", open.workbook(q.length() > 200 ? q.substring(0, 200) : q));
    }

    /** The data sets and a service's OpenAPI description for a person signed in on the screens (the API wants a bearer token). */
    @GetMapping(value = "/office/exchange/datasets.json", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    List<OpenData.Dataset> datasets() {
        return open.datasets(ExchangeApiController.base(), null, 1000);
    }

    @GetMapping(value = "/office/exchange/systems/{code}/services/{service}/openapi.json", produces = "application/json")
    @org.springframework.web.bind.annotation.ResponseBody
    Map<String, Object> openapi(@PathVariable String code, @PathVariable String service) {
        return open.openapi(ExchangeApiController.base(), code, service);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** The system for its owner's forms: 404 when he may not see it, 403 when he sees it but owns it not. */
    private InfoSystem owned(String code) {
        InfoSystem s = catalogue.get(code);
        if (!catalogue.mayManage(s)) throw new DomainException.Forbidden("problem.forbidden");
        return s;
    }

    private static vn.truongson.exchange.Model.Service service(InfoSystem s, String code) {
        return s.services().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow(() -> new DomainException.NotFound("exchange-service", code));
    }

    private static List<String> bounded(List<String> in, int max) {
        return in.size() > max ? in.subList(0, max) : in;
    }

    /** The service's field errors, keyed by field (fields[i].name …), in the request's language. */
    private Map<String, String> errors(DomainException.BadInput e, Locale locale) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError fe : e.errors()) out.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return out;
    }
}
