package vn.truongson.org.web;

import vn.truongson.core.Inputs;
import static vn.truongson.core.Inputs.blankToNull;
import vn.truongson.core.Vietnam;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Accounts;
import vn.truongson.access.Grant;
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.Role;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.Problems;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.org.ClearanceRequests;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitOption;
import vn.truongson.org.UnitKind;
import vn.truongson.org.Units;

/**
 * The officials' screens of the organisation: the unit tree, a unit, the officials, an official with their
 * grants and account; and the administrators' forms to create and edit units and officials and to grant roles.
 * Every read goes through {@link Units}, {@link Officials} and {@link GrantAdministration}, which apply the
 * access policy, so a screen never shows what the API would refuse.
 */
@Controller
class OrgScreens {

    /** ARCHITECTURE.md §3: shown in Vietnam time, dd/MM/yyyy. */
    static final ZoneId VIETNAM = Vietnam.ZONE;
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(VIETNAM);

    /** Enough for the whole ministry tree; the policy trims it to what the person may see. */
    static final int ALL_UNITS = 5000;
    static final int PAGE = 50;
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    /** A unit as a line of the tree or of a list: its kind already in the reader's language. */
    record UnitLine(Unit unit, String kind, int indent, List<UnitLine> children, boolean open, String context) {
        public boolean hasChildren() { return !children.isEmpty(); }
    }

    /** An ancestor in a unit's breadcrumbs: {@code name} null when even its name is above the reader's level. */
    record Crumb(long id, @Nullable String name, boolean link) {}

    record OfficialLine(Official official, @Nullable Unit unit) {}

    record GrantLine(Grant grant, @Nullable Unit unit) {}

    record UnitForm(String parentId, String code, String name, String shortName, String kind, String organId, String secrecy) {}

    /** {@code active} is only shown when editing: a new official is always active. */
    record OfficialForm(String username, String fullName, String unitId, String position, String rank, String clearance,
            String secrecy, String email, String phone, String totpSecret, boolean active) {}

    record GrantForm(String role, String unitId, String scope) {}

    private final Units units;
    private final Officials officials;
    private final GrantAdministration grants;
    private final Accounts accounts;
    private final AccessPolicy policy;
    private final Problems problems;
    private final MessageSource messages;
    private final ClearanceRequests clearanceRequests;
    private final vn.truongson.access.PasswordResets resets;
    private final vn.truongson.audit.AuditTrail audit;

    OrgScreens(Units units, Officials officials, GrantAdministration grants, Accounts accounts, AccessPolicy policy,
            Problems problems, MessageSource messages, ClearanceRequests clearanceRequests, vn.truongson.access.PasswordResets resets,
            vn.truongson.audit.AuditTrail audit) {
        this.resets = resets;
        this.audit = audit;
        this.clearanceRequests = clearanceRequests;
        this.units = units;
        this.officials = officials;
        this.grants = grants;
        this.accounts = accounts;
        this.policy = policy;
        this.problems = problems;
        this.messages = messages;
    }

    // ---- the unit tree ---------------------------------------------------------------------------

    @GetMapping("/office/units")
    String unitTree(@RequestParam(required = false) @Nullable String q, Locale locale, Model model) {
        List<Unit> visible = units.list(null, null, ALL_UNITS);
        Map<Long, Unit> byId = index(visible);
        String query = q == null ? "" : q.strip();
        if (query.length() > 200) query = query.substring(0, 200);
        model.addAttribute("q", query);
        model.addAttribute("visibleCount", visible.size());
        if (!query.isEmpty()) {
            // Search answers a flat list; each hit names its ancestors so that "P.ĐT" says whose it is.
            List<UnitLine> hits = new ArrayList<>();
            for (Unit u : units.list(null, query, 200)) hits.add(line(u, 0, List.of(), false, context(u, byId), locale));
            model.addAttribute("hits", hits);
        } else {
            model.addAttribute("tree", forest(visible, locale));
        }
        return "org/units";
    }

    /**
     * The visible units as a forest: a unit whose parent the person may not see is a root of its own, so
     * someone granted one division sees that division at the top. Roots start open, the rest closed.
     */
    private List<UnitLine> forest(List<Unit> visible, Locale locale) {
        Map<Long, List<Unit>> childrenOf = new HashMap<>();
        Map<Long, Unit> byId = index(visible);
        List<Unit> roots = new ArrayList<>();
        for (Unit u : visible) {
            if (u.parentId() != null && byId.containsKey(u.parentId())) childrenOf.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u);
            else roots.add(u);
        }
        List<UnitLine> out = new ArrayList<>();
        for (Unit r : roots) out.add(subtree(r, childrenOf, 0, locale));
        return out;
    }

    private UnitLine subtree(Unit u, Map<Long, List<Unit>> childrenOf, int level, Locale locale) {
        List<UnitLine> kids = new ArrayList<>();
        for (Unit c : childrenOf.getOrDefault(u.id(), List.of())) kids.add(subtree(c, childrenOf, level + 1, locale));
        return line(u, level, kids, level == 0, "", locale);
    }

    private UnitLine line(Unit u, int indent, List<UnitLine> children, boolean open, String context, Locale locale) {
        return new UnitLine(u, kindLabel(u.kind(), locale), indent, children, open, context);
    }

    /** "BQP › BĐBP": the short names of the visible ancestors, from the list already read. */
    private static String context(Unit u, Map<Long, Unit> byId) {
        List<String> names = new ArrayList<>();
        Long p = u.parentId();
        while (p != null && byId.containsKey(p)) {
            Unit parent = byId.get(p);
            names.addFirst(parent.shortName());
            p = parent.parentId();
        }
        return String.join(" › ", names);
    }

    // ---- one unit --------------------------------------------------------------------------------

    @GetMapping("/office/units/{id}")
    String unit(@PathVariable long id, Locale locale, Model model) {
        Unit u = units.get(id);
        // An ancestor outside the person's grants is named but not linked; a classified one is not even named.
        List<Crumb> crumbs = new ArrayList<>();
        for (Unit a : units.ancestors(u)) {
            boolean visible = policy.permits(AccessPolicy.ANY_ROLE, a.asProtected());
            crumbs.add(new Crumb(a.id(), visible || !a.secrecy().isClassified() ? a.name() : null, visible));
        }
        model.addAttribute("u", line(u, 0, List.of(), true, "", locale));
        model.addAttribute("crumbs", crumbs);
        model.addAttribute("children", units.list(u.id(), null, ALL_UNITS).stream().map(c -> line(c, 0, List.of(), false, "", locale)).toList());
        model.addAttribute("people", officials.list(u.id(), false, null, 500, 0));
        model.addAttribute("canEdit", policy.permits(ADMIN, u.asProtected()));
        return "org/unit";
    }

    // ---- officials -------------------------------------------------------------------------------

    @GetMapping("/office/officials")
    String officialList(@RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String unitId,
            @RequestParam(defaultValue = "false") boolean subtree, @RequestParam(required = false) @Nullable String page,
            jakarta.servlet.http.HttpServletRequest req, Model model) {
        String query = q == null ? "" : q.strip();
        if (query.length() > 200) query = query.substring(0, 200);
        Long unit = parseOptionalId(unitId);
        int p = Math.min(vn.truongson.core.Paging.page(page), 10_000);
        List<Unit> visible = units.list(null, null, ALL_UNITS);
        Map<Long, Unit> byId = index(visible);
        // One more than a page tells whether there is a next page without counting.
        List<Official> found = officials.list(unit, subtree, query.isEmpty() ? null : query, PAGE + 1, (p - 1) * PAGE);
        model.addAttribute("rows", found.stream().limit(PAGE).map(o -> new OfficialLine(o, byId.get(o.unitId()))).toList());
        model.addAttribute("pendingClearances", officials.pendingClearances(found.stream().map(Official::id).toList()));
        model.addAttribute("hasNext", found.size() > PAGE);
        model.addAttribute("page", p);
        model.addAttribute("paging", vn.truongson.core.Paging.open(req, p, PAGE, found.size() > PAGE));
        model.addAttribute("exportLink", vn.truongson.core.Paging.sameFilters(req, "/office/officials/export"));
        model.addAttribute("q", query);
        model.addAttribute("unitId", unit == null ? "" : Ids.str(unit));
        model.addAttribute("subtree", subtree);
        model.addAttribute("unitOptions", options(visible));
        model.addAttribute("decider", policy.currentActor().map(a -> a.has(Role.SECURITY_OFFICER)).orElse(false));
        return "org/officials";
    }

    /** The officials list as an Excel workbook (core.ListWorkbook): every official the filter finds, up to 5,000. */
    @GetMapping("/office/officials/export")
    org.springframework.http.ResponseEntity<byte[]> officialExport(@RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String unitId, @RequestParam(defaultValue = "false") boolean subtree, Locale locale) {
        String query = q == null ? "" : q.strip();
        if (query.length() > 200) query = query.substring(0, 200);
        Long unit = parseOptionalId(unitId);
        Map<Long, Unit> byId = index(units.list(null, null, ALL_UNITS));
        List<Official> found = officials.list(unit, subtree, query.isEmpty() ? null : query, vn.truongson.core.ListWorkbook.MAX_ROWS, 0);
        var headers = List.of(msg("org.official.full-name", locale), msg("org.official.rank", locale), msg("org.official.position", locale),
                msg("org.official.unit", locale), msg("org.official.clearance", locale), msg("org.official.status", locale));
        List<List<Object>> rows = new ArrayList<>();
        for (Official o : found) {
            Unit u = byId.get(o.unitId());
            rows.add(java.util.Arrays.asList(o.fullName(), o.rankTitle(), o.position(), u == null ? "#" + o.unitId() : u.name(),
                    msg("secrecy." + o.clearance(), locale), o.active() ? msg("org.official.active", locale) : msg("org.official.inactive", locale)));
        }
        audit.recordSeparately("org.officials.export", "officials", vn.truongson.audit.AuditTrail.SUCCESS, rows.size() + " rows");
        return vn.truongson.core.ListWorkbook.download("can-bo.xlsx", vn.truongson.core.ListWorkbook.xlsx(msg("nav.officials", locale), headers, rows));
    }

    @GetMapping("/office/officials/{id}")
    String official(@PathVariable long id, Locale locale, Model model) {
        return showOfficial(id, new GrantForm("", "", GrantScope.UNIT.name()), Map.of(), locale, model);
    }

    private String showOfficial(long id, GrantForm form, Map<String, String> errors, Locale locale, Model model) {
        Official o = officials.get(id);
        List<Unit> visible = units.list(null, null, ALL_UNITS);
        Map<Long, Unit> byId = index(visible);
        model.addAttribute("o", o);
        model.addAttribute("canEdit", policy.permits(ADMIN, o.asProtected()));
        var pending = officials.pendingClearance(id).orElse(null);
        model.addAttribute("pending", pending);
        model.addAttribute("pendingAt", pending == null ? "" : SHOWN.format(pending.requestedAt()));
        model.addAttribute("mayDecide", pending != null && clearanceRequests.mayDecide(pending));
        model.addAttribute("unit", byId.get(o.unitId()));
        model.addAttribute("unitKind", Optional.ofNullable(byId.get(o.unitId())).map(u -> kindLabel(u.kind(), locale)).orElse(""));
        model.addAttribute("grants", grants.of(id).stream().map(g -> new GrantLine(g, byId.get(g.unitId()))).toList());
        var account = accounts.ofOfficial(id).orElse(null);
        model.addAttribute("account", account);
        boolean locked = account != null && account.lockedUntil() != null && account.lockedUntil().isAfter(java.time.Instant.now());
        model.addAttribute("locked", locked);
        model.addAttribute("lockedUntil", locked ? SHOWN.format(account.lockedUntil()) : "");
        // Password reset (issue 13): whether the official asked, and whether this administrator may issue a code.
        boolean mayReset = account != null && resets.mayReset(id);
        model.addAttribute("mayReset", mayReset);
        model.addAttribute("resetPending", mayReset && resets.pendingFor(id).isPresent());
        model.addAttribute("roles", Role.values());
        model.addAttribute("scopes", GrantScope.values());
        model.addAttribute("grantUnitOptions", options(adminUnits(visible)));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "org/official";
    }

    @PostMapping("/admin/officials/{id}/grants")
    String grant(@PathVariable("id") long officialId, @RequestParam(defaultValue = "") String role, @RequestParam(defaultValue = "") String unitId,
            @RequestParam(defaultValue = "") String scope, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(ADMIN);
        GrantForm form = new GrantForm(role, unitId, scope);
        try {
            var errors = new ArrayList<FieldError>();
            Role r = Inputs.requiredEnum(Role.class, "role", role, errors);
            GrantScope s = Inputs.requiredEnum(GrantScope.class, "scope", scope, errors);
            Long unit = requiredId("unitId", unitId, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Grant g;
            try {
                g = grants.grant(officialId, r, unit, s);
            } catch (DomainException.Forbidden e) {
                // An administrator of one command picking a unit outside it: say so beside the picker.
                throw new DomainException.BadInput("unitId", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", msg("org.grant.added", locale, roleLabel(g.role(), locale), unitLabel(g.unitId())));
            return "redirect:/office/officials/" + officialId;
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return showOfficial(officialId, form, fieldErrors(e, locale), locale, model);
        }
    }

    @PostMapping("/admin/officials/{id}/grants/{grantId}/revoke")
    String revoke(@PathVariable("id") long officialId, @PathVariable("grantId") long gid, Locale locale, RedirectAttributes redirect) {
        policy.requireAnyGrant(ADMIN);
        Grant g = grants.of(officialId).stream().filter(x -> x.id() == gid).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("grant", gid));
        try {
            grants.revoke(officialId, gid);
            redirect.addFlashAttribute("notice", msg("org.grant.revoked", locale, roleLabel(g.role(), locale), unitLabel(g.unitId())));
        } catch (DomainException.Conflict | DomainException.Forbidden e) {
            // Revoking one's own grant, or one beyond one's reach: refused, explained on the same page.
            redirect.addFlashAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
        }
        return "redirect:/office/officials/" + officialId;
    }

    @PostMapping("/admin/officials/{id}/unlock")
    String unlock(@PathVariable("id") long officialId, Locale locale, RedirectAttributes redirect) {
        // The same rule as POST /api/v1/officials/{id}/unlock: 404/403 for an official out of reach, then system admin.
        grants.of(officialId);
        policy.requireSystemAdmin();
        accounts.unlock(officialId);
        String username = accounts.ofOfficial(officialId).map(Accounts.AccountView::username).orElse("");
        redirect.addFlashAttribute("notice", msg("org.official.unlocked", locale, username));
        return "redirect:/office/officials/" + officialId;
    }

    // ---- administrators' forms -------------------------------------------------------------------

    @GetMapping("/admin/units/new")
    String newUnit(@RequestParam(required = false) @Nullable String parentId, Locale locale, Model model) {
        policy.requireAnyGrant(ADMIN);
        Long parent = parseOptionalId(parentId);
        var form = new UnitForm(parent == null ? "" : Ids.str(parent), "", "", "", UnitKind.UNIT.name(), "", SecrecyLevel.THUONG.name());
        return unitForm(null, form, Map.of(), locale, model);
    }

    @PostMapping("/admin/units/new")
    String createUnit(@RequestParam(defaultValue = "") String parentId, @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String shortName,
            @RequestParam(defaultValue = "") String kind, @RequestParam(defaultValue = "") String organId,
            @RequestParam(defaultValue = "") String secrecy, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        policy.requireAnyGrant(ADMIN);
        var form = new UnitForm(parentId, code.strip().toUpperCase(Locale.ROOT), name.strip(), shortName.strip(), kind, organId.strip(), secrecy);
        try {
            var errors = new ArrayList<FieldError>();
            Long parent = requiredId("parentId", parentId, errors);
            UnitKind k = Inputs.requiredEnum(UnitKind.class, "kind", kind, errors);
            SecrecyLevel s = Inputs.requiredEnum(SecrecyLevel.class, "secrecy", secrecy, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Unit u;
            try {
                u = units.create(new Units.NewUnit(form.code(), form.name(), form.shortName(), k, parent,
                        form.organId().isEmpty() ? null : form.organId(), s));
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("code", e.messageKey(), e.args());
            } catch (DomainException.Forbidden e) {
                throw new DomainException.BadInput("parentId", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", msg("org.admin.unit.created", locale, u.name()));
            return "redirect:/office/units/" + u.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return unitForm(null, form, fieldErrors(e, locale), locale, model);
        }
    }

    @GetMapping("/admin/units/{id}/edit")
    String editUnit(@PathVariable long id, Locale locale, Model model) {
        policy.requireAnyGrant(ADMIN);
        Unit u = editableUnit(id);
        var form = new UnitForm(u.parentId() == null ? "" : Ids.str(u.parentId()), u.code(), u.name(), u.shortName(), u.kind().name(),
                u.organId() == null ? "" : u.organId(), u.secrecy().name());
        return unitForm(u, form, Map.of(), locale, model);
    }

    /** The code and the parent stay as they are: {@link Units.Changes} holds neither. */
    @PostMapping("/admin/units/{id}/edit")
    String updateUnit(@PathVariable long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String shortName, @RequestParam(defaultValue = "") String kind,
            @RequestParam(defaultValue = "") String organId, @RequestParam(defaultValue = "") String secrecy, Locale locale, Model model,
            RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(ADMIN);
        Unit u = editableUnit(id);
        var form = new UnitForm(u.parentId() == null ? "" : Ids.str(u.parentId()), u.code(), name.strip(), shortName.strip(), kind,
                organId.strip(), secrecy);
        try {
            var errors = new ArrayList<FieldError>();
            UnitKind k = Inputs.requiredEnum(UnitKind.class, "kind", kind, errors);
            SecrecyLevel s = Inputs.requiredEnum(SecrecyLevel.class, "secrecy", secrecy, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Unit saved = units.update(u.id(), new Units.Changes(form.name(), form.shortName(), k, blankToNull(form.organId()), s));
            redirect.addFlashAttribute("notice", msg("org.admin.unit.updated", locale, saved.name()));
            return "redirect:/office/units/" + saved.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return unitForm(u, form, fieldErrors(e, locale), locale, model);
        }
    }

    /** A unit the person may edit: 404 when unknown or above their level, 403 without an ADMIN grant over it. */
    private Unit editableUnit(long id) {
        Unit u = units.get(id);
        policy.require(ADMIN, u.asProtected());
        return u;
    }

    /** The one form for a new unit ({@code editing} null) and for an existing one. */
    private String unitForm(@Nullable Unit editing, UnitForm form, Map<String, String> errors, Locale locale, Model model) {
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("parentOptions", options(adminUnits(units.list(null, null, ALL_UNITS))));
        model.addAttribute("kinds", kindOptions(locale));
        model.addAttribute("levels", SecrecyLevel.values());
        return "org/unit-form";
    }

    @GetMapping("/admin/officials/new")
    String newOfficial(@RequestParam(required = false) @Nullable String unitId, Model model) {
        policy.requireAnyGrant(ADMIN);
        Long unit = parseOptionalId(unitId);
        var form = new OfficialForm("", "", unit == null ? "" : Ids.str(unit), "", "", SecrecyLevel.THUONG.name(), "", "", "", "", true);
        return officialForm(null, form, Map.of(), model);
    }

    @PostMapping("/admin/officials/new")
    String createOfficial(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String fullName,
            @RequestParam(defaultValue = "") String unitId, @RequestParam(defaultValue = "") String position,
            @RequestParam(defaultValue = "") String rank, @RequestParam(defaultValue = "") String clearance,
            @RequestParam(defaultValue = "") String secrecy, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String totpSecret, Locale locale, Model model, RedirectAttributes redirect,
            HttpServletResponse res) {
        policy.requireAnyGrant(ADMIN);
        // The password is never sent back into the form.
        var form = new OfficialForm(username.strip(), fullName.strip(), unitId, position.strip(), rank.strip(), clearance, secrecy,
                email.strip(), phone.strip(), totpSecret.strip(), true);
        try {
            var errors = new ArrayList<FieldError>();
            Long unit = requiredId("unitId", unitId, errors);
            SecrecyLevel c = Inputs.requiredEnum(SecrecyLevel.class, "clearance", clearance, errors);
            SecrecyLevel recordLevel = secrecy.isBlank() ? null : Inputs.requiredEnum(SecrecyLevel.class, "secrecy", secrecy, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            if (recordLevel == null) {
                // Staff of a classified unit have classified records by default (as the demo data has them).
                recordLevel = units.list(null, null, ALL_UNITS).stream().filter(u -> u.id() == unit).findFirst()
                        .map(Unit::secrecy).orElse(SecrecyLevel.THUONG);
            }
            Official o;
            try {
                o = officials.create(new Officials.NewOfficial(form.username(), form.fullName(), unit, form.position(),
                        blankToNull(form.rank()), c, recordLevel, password, blankToNull(form.totpSecret()), blankToNull(form.email()),
                        blankToNull(form.phone())));
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("username", e.messageKey(), e.args());
            } catch (DomainException.Forbidden e) {
                throw new DomainException.BadInput(forbiddenField(e), e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", msg("org.admin.official.created", locale, o.fullName(), Accounts.normaliseUsername(form.username()))
                    + pendingNotice(o.id(), locale));
            return "redirect:/office/officials/" + o.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return officialForm(null, form, fieldErrors(e, locale), model);
        }
    }

    @GetMapping("/admin/officials/{id}/edit")
    String editOfficial(@PathVariable long id, Model model) {
        policy.requireAnyGrant(ADMIN);
        Official o = editableOfficial(id);
        var form = new OfficialForm("", o.fullName(), Ids.str(o.unitId()), o.position(), o.rankTitle() == null ? "" : o.rankTitle(),
                o.clearance().name(), o.secrecy().name(), o.email() == null ? "" : o.email(), o.phone() == null ? "" : o.phone(), "", o.active());
        return officialForm(o, form, Map.of(), model);
    }

    /** The account (username, password, second factor) and the grants are not changed here. An unticked box sends nothing: inactive. */
    @PostMapping("/admin/officials/{id}/edit")
    String updateOfficial(@PathVariable long id, @RequestParam(defaultValue = "") String fullName,
            @RequestParam(defaultValue = "") String unitId, @RequestParam(defaultValue = "") String position,
            @RequestParam(defaultValue = "") String rank, @RequestParam(defaultValue = "") String clearance,
            @RequestParam(defaultValue = "") String secrecy, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String phone, @RequestParam(defaultValue = "false") boolean active, Locale locale,
            Model model, RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireAnyGrant(ADMIN);
        Official o = editableOfficial(id);
        var form = new OfficialForm("", fullName.strip(), unitId, position.strip(), rank.strip(), clearance, secrecy, email.strip(),
                phone.strip(), "", active);
        try {
            var errors = new ArrayList<FieldError>();
            Long unit = requiredId("unitId", unitId, errors);
            SecrecyLevel c = Inputs.requiredEnum(SecrecyLevel.class, "clearance", clearance, errors);
            SecrecyLevel recordLevel = Inputs.requiredEnum(SecrecyLevel.class, "secrecy", secrecy, errors);
            if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
            Official saved;
            try {
                saved = officials.update(o.id(), new Officials.Changes(form.fullName(), unit, form.position(), blankToNull(form.rank()), c,
                        recordLevel, blankToNull(form.email()), blankToNull(form.phone()), active));
            } catch (DomainException.Forbidden e) {
                // Moving the official to a unit outside the administrator's grants, or a clearance he may not set: said beside the field.
                throw new DomainException.BadInput(forbiddenField(e), e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", msg("org.admin.official.updated", locale, saved.fullName()) + pendingNotice(saved.id(), locale));
            return "redirect:/office/officials/" + saved.id();
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            return officialForm(o, form, fieldErrors(e, locale), model);
        }
    }

    /** An official the person may edit: 404 when unknown or above their level, 403 without an ADMIN grant over their unit. */
    private Official editableOfficial(long id) {
        Official o = officials.get(id);
        policy.require(ADMIN, o.asProtected());
        return o;
    }

    /** The one form for a new official ({@code editing} null) and for an existing one. */
    private String officialForm(@Nullable Official editing, OfficialForm form, Map<String, String> errors, Model model) {
        model.addAttribute("editing", editing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("unitOptions", options(adminUnits(units.list(null, null, ALL_UNITS))));
        // The clearance choices: up to the administrator's own (nobody grants what he does not hold), plus the official's current one.
        SecrecyLevel own = policy.actor().clearance();
        model.addAttribute("clearanceLevels", java.util.Arrays.stream(SecrecyLevel.values())
                .filter(l -> editing != null && editing.id() == policy.actor().officialId() ? editing.clearance() == l
                        : own.covers(l) || (editing != null && editing.clearance() == l)).toList());
        model.addAttribute("levels", SecrecyLevel.values());
        model.addAttribute("clearanceSelf", editing != null && editing.id() == policy.actor().officialId());
        model.addAttribute("pending", editing == null ? null : officials.pendingClearance(editing.id()).orElse(null));
        return "org/official-form";
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The units where the person holds an ADMIN grant: the only sensible choices in an administrator's picker. */
    private List<Unit> adminUnits(List<Unit> visible) {
        Visibility admin = policy.visibility(ADMIN);
        return visible.stream().filter(u -> admin.coversUnitPath(u.id(), u.path())).toList();
    }

    private static List<UnitOption> options(List<Unit> list) {
        return UnitOption.of(list);
    }

    private List<Map.Entry<String, String>> kindOptions(Locale locale) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (UnitKind k : UnitKind.values()) out.add(Map.entry(k.name(), kindLabel(k, locale)));
        return out;
    }

    /** Vietnamese from the enum itself (the legal names); English from the message bundle. */
    private String kindLabel(UnitKind k, Locale locale) {
        return english(locale) ? messages.getMessage("org.kind." + k.name(), null, k.vietnamese(), locale) : k.vietnamese();
    }

    private static String forbiddenField(DomainException.Forbidden e) {
        return e.messageKey().startsWith("problem.clearance.") ? "clearance" : "unitId";
    }

    /** " Mức tiếp cận Mật đang chờ người thứ hai phê duyệt." when the save asked for a clearance above Thường. */
    private String pendingNotice(long officialId, Locale locale) {
        return officials.pendingClearance(officialId)
                .map(r -> " " + msg("org.clearance.pending.notice", locale, msg("secrecy." + r.to().name(), locale))).orElse("");
    }

    private static String roleLabel(Role r, Locale locale) {
        return english(locale) ? r.english() : r.vietnamese();
    }

    private String unitLabel(long unitId) {
        return units.list(null, null, ALL_UNITS).stream().filter(u -> u.id() == unitId).findFirst().map(Unit::name).orElse("#" + unitId);
    }

    private static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** Field → message(s) in the reader's language, for the inline errors beside each field. */
    private Map<String, String> fieldErrors(DomainException.BadInput e, Locale locale) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError fe : e.errors()) out.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        return out;
    }

    private static Map<Long, Unit> index(List<Unit> list) {
        Map<Long, Unit> m = new HashMap<>();
        for (Unit u : list) m.put(u.id(), u);
        return m;
    }

    private static @Nullable Long parseOptionalId(@Nullable String s) {
        if (s == null || s.isBlank()) return null;
        try {
            long v = Long.parseLong(s.strip());
            return v > 0 ? v : null;
        } catch (NumberFormatException e) {
            return null; // A filter that names no unit filters nothing.
        }
    }

    private static @Nullable Long requiredId(String field, String value, List<FieldError> errors) {
        try {
            return Ids.parse(field, value);
        } catch (DomainException.BadInput e) {
            errors.addAll(e.errors());
            return null;
        }
    }

}
