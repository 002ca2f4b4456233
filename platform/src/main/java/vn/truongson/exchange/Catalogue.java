package vn.truongson.exchange;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.exchange.Model.Classification;
import vn.truongson.exchange.Model.Field;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.exchange.Model.SystemStatus;

/**
 * The catalogue (danh mục hệ thống thông tin, dịch vụ chia sẻ dữ liệu). Anyone signed in reads it within the level his
 * clearance and zone allow: a system or service more secret than that is not there for him (404, as a missing one).
 * Registering and changing a system needs a SYSTEM_OWNER (or ADMIN) grant covering its owner unit, and a clearance at
 * least the system's secrecy. Every change is audited in its transaction.
 */
@Service
public class Catalogue {

    /** Who manages a system: a grant of one of these roles covering its owner unit. */
    public static final Set<Role> OWNERS = Set.of(Role.SYSTEM_OWNER, Role.ADMIN);

    /** The platform's own system: its services run in process. Only a system administrator registers it. */
    public static final String PLATFORM = "TRUONGSON";

    public record NewSystem(@Nullable String code, @Nullable String name, @Nullable String ownerUnitId, @Nullable String purpose,
            @Nullable Integer securityLevel, @Nullable String secrecy, @Nullable List<String> zones, @Nullable String status,
            @Nullable String endpointBaseUrl, @Nullable String contact) {}

    public record NewField(@Nullable String name, @Nullable String classification) {}

    public record NewService(@Nullable String code, @Nullable String name, @Nullable String path, @Nullable String secrecy,
            @Nullable List<NewField> fields) {}

    private static final String SYSTEM_COLUMNS = """
            s.id, s.code, s.name, s.owner_unit_id, s.purpose, s.security_level, s.secrecy, s.zones, s.status, s.endpoint_base_url, s.contact""";

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ExchangeCache cache;

    Catalogue(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit, ExchangeCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
    }

    /** The highest secrecy the current request may see: the lower of clearance and zone (Thường without a person). */
    SecrecyLevel level() {
        return policy.visibility(AccessPolicy.ANY_ROLE).maxSecrecy();
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** Systems and their services within the reader's level; {@code q} matches code, name, purpose and services, diacritics folded. */
    public List<InfoSystem> list(@Nullable String q, int limit) {
        int level = level().rank();
        var sql = new StringBuilder("select " + SYSTEM_COLUMNS + " from exchange_system s where s.secrecy <= :level");
        String folded = q == null || q.isBlank() ? null : "%" + escapeLike(VietnameseText.fold(VietnameseText.nfc(q.strip()))) + "%";
        if (folded != null) {
            sql.append(" and (s.search_text like :q or exists (select 1 from exchange_service v where v.system_id = s.id and v.secrecy <= :level and v.search_text like :q)"
                    + " or exists (select 1 from exchange_database d where d.system_id = s.id and d.secrecy <= :level and (d.search_text like :q"
                    + " or exists (select 1 from exchange_dataset t where t.database_id = d.id and t.search_text like :q))))");
        }
        sql.append(" order by s.code limit :limit");
        var spec = jdbc.sql(sql.toString()).param("level", level).param("limit", Math.clamp(limit, 1, 1000));
        if (folded != null) spec = spec.param("q", folded);
        List<InfoSystem> systems = spec.query(Catalogue::mapSystem).list();
        return withServices(systems, level);
    }

    /** One system with its services within the reader's level; 404 when missing or above it. */
    public InfoSystem get(String code) {
        return visible(code).orElseThrow(() -> new DomainException.NotFound("exchange-system", code));
    }

    Optional<InfoSystem> visible(String code) {
        int level = level().rank();
        return find(code).filter(s -> s.secrecy().rank() <= level).map(s -> withServices(List.of(s), level).getFirst());
    }

    /** No policy: for the mediator (which acts for a system, not a person) and the module's bookkeeping. */
    Optional<InfoSystem> find(String code) {
        if (code.length() > 64) return Optional.empty();
        return jdbc.sql("select " + SYSTEM_COLUMNS + " from exchange_system s where s.code = ?").param(code).query(Catalogue::mapSystem).optional()
                .map(s -> withServices(List.of(s), SecrecyLevel.TUYET_MAT.rank()).getFirst());
    }

    Optional<InfoSystem> findById(long id) {
        return jdbc.sql("select " + SYSTEM_COLUMNS + " from exchange_system s where s.id = ?").param(id).query(Catalogue::mapSystem).optional()
                .map(s -> withServices(List.of(s), SecrecyLevel.TUYET_MAT.rank()).getFirst());
    }

    private record ById(long id) {}

    private record ByCode(String code) {}

    /** {@link #findById}, cached for the mediator until anything in the catalogue changes (ExchangeCache). */
    Optional<InfoSystem> cachedById(long id) {
        return cache.get(new ById(id), k -> findById(k.id()));
    }

    /** {@link #find}, cached for the mediator (misses too: a new system moves the version). */
    Optional<InfoSystem> cachedByCode(String code) {
        if (code.length() > 64) return Optional.empty();
        return cache.get(new ByCode(code), k -> find(k.code()));
    }

    /** The person acting (for created_by columns). */
    @Nullable Long actorId() {
        return policy.actor().officialId();
    }

    /** Whether the current person manages the system (for the screens: show the buttons or not). */
    public boolean mayManage(InfoSystem s) {
        return policy.permits(OWNERS, s.asProtected());
    }

    /** The system, for its owner: 404 when he may not know of it, 403 when he sees it but owns it not. */
    InfoSystem managed(String code) {
        InfoSystem s = get(code);
        policy.require(OWNERS, s.asProtected());
        return s;
    }

    private List<InfoSystem> withServices(List<InfoSystem> systems, int level) {
        if (systems.isEmpty()) return systems;
        Long[] ids = systems.stream().map(InfoSystem::id).toArray(Long[]::new);
        Map<Long, List<Field>> fields = new LinkedHashMap<>();
        jdbc.sql("""
                select f.service_id, f.name, f.classification from exchange_field f join exchange_service v on v.id = f.service_id
                where v.system_id = any(:ids) order by f.service_id, f.position""").param("ids", ids)
                .query((rs, n) -> {
                    fields.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Field(rs.getString(2), Classification.valueOf(rs.getString(3))));
                    return null;
                }).list();
        Map<Long, List<Model.Service>> services = new LinkedHashMap<>();
        jdbc.sql("select id, system_id, code, name, path, secrecy from exchange_service where system_id = any(:ids) and secrecy <= :level order by code")
                .param("ids", ids).param("level", level)
                .query((rs, n) -> {
                    long id = rs.getLong(1);
                    services.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new Model.Service(id, rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), SecrecyLevel.ofRank(rs.getInt(6)), List.copyOf(fields.getOrDefault(id, List.of()))));
                    return null;
                }).list();
        return systems.stream().map(s -> new InfoSystem(s.id(), s.code(), s.name(), s.ownerUnitId(), s.purpose(), s.securityLevel(), s.secrecy(),
                s.zones(), s.status(), s.endpointBaseUrl(), s.contact(), List.copyOf(services.getOrDefault(s.id(), List.of())))).toList();
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional
    public InfoSystem register(NewSystem n) {
        Actor a = policy.actor();
        List<FieldError> errors = new ArrayList<>();
        String code = Checks.code(errors, "code", n.code(), Checks.SYSTEM_CODE);
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String purpose = Checks.text(errors, "purpose", n.purpose(), 4000, true);
        Long unit = null;
        if (n.ownerUnitId() == null || n.ownerUnitId().isBlank()) errors.add(new FieldError("ownerUnitId", "problem.field.required"));
        else if (n.ownerUnitId().length() > 19 || !n.ownerUnitId().matches("[1-9][0-9]*")) errors.add(new FieldError("ownerUnitId", "problem.field.format"));
        else unit = Long.parseLong(n.ownerUnitId());
        Integer level = n.securityLevel();
        if (level == null) errors.add(new FieldError("securityLevel", "problem.field.required"));
        else if (level < 1 || level > 5) errors.add(new FieldError("securityLevel", "problem.field.range", 1, 5));
        SecrecyLevel secrecy = Checks.enumOf(errors, "secrecy", n.secrecy(), SecrecyLevel.class, SecrecyLevel.THUONG);
        SystemStatus status = Checks.enumOf(errors, "status", n.status(), SystemStatus.class, SystemStatus.IN_SERVICE);
        List<NetworkZone> zones = zones(errors, n.zones(), secrecy);
        String endpoint = endpoint(errors, n.endpointBaseUrl());
        String contact = Checks.optionalText(errors, "contact", n.contact(), 300, false);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (PLATFORM.equals(code)) policy.requireSystemAdmin();
        policy.requireOnUnit(OWNERS, unit);
        // Nobody registers a system holding more than he may see himself.
        if (!a.effectiveLevel(policy.zoneMax(a.zone())).covers(secrecy)) {
            audit.recordSeparately("exchange.system.register", "exchange-system:" + code, AuditTrail.DENIED, "secrecy " + secrecy + " above the person's level");
            throw new DomainException.Forbidden("problem.exchange.above-level", secrecy.vietnamese());
        }
        String search = VietnameseText.fold(code + " " + name + " " + purpose);
        long id;
        try {
            id = jdbc.sql("""
                    insert into exchange_system (code, name, owner_unit_id, purpose, security_level, secrecy, zones, status, endpoint_base_url, contact, search_text, created_by)
                    values (:code, :name, :unit, :purpose, :level, :secrecy, :zones, :status, :endpoint, :contact, :search, :by)
                    on conflict (code) do nothing returning id""")
                    .param("code", code).param("name", name).param("unit", unit).param("purpose", purpose).param("level", level)
                    .param("secrecy", secrecy.rank()).param("zones", zones.stream().map(NetworkZone::id).toArray(String[]::new))
                    .param("status", status.name()).param("endpoint", endpoint).param("contact", contact).param("search", search)
                    .param("by", a.officialId()).query(Long.class).optional().orElse(-1L);
        } catch (DuplicateKeyException e) {
            id = -1;
        }
        if (id < 0) throw new DomainException.BadInput("code", "problem.exchange.code-taken");
        audit.record("exchange.system.register", "exchange-system:" + code, AuditTrail.SUCCESS,
                name + " unit:" + unit + " secrecy:" + secrecy + " level:" + level + " zones:" + zones);
        return findById(id).orElseThrow();
    }

    @Transactional
    public Model.Service addService(String systemCode, NewService n) {
        InfoSystem s = managed(systemCode);
        List<FieldError> errors = new ArrayList<>();
        String code = Checks.code(errors, "code", n.code(), Checks.SERVICE_CODE);
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String path = servicePath(errors, n.path());
        SecrecyLevel secrecy = Checks.enumOf(errors, "secrecy", n.secrecy(), SecrecyLevel.class, SecrecyLevel.THUONG);
        if (secrecy != null && !s.secrecy().covers(secrecy)) errors.add(new FieldError("secrecy", "problem.exchange.service-above-system", s.secrecy().vietnamese()));
        List<Field> fields = fields(errors, n.fields(), secrecy);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Long id = jdbc.sql("""
                insert into exchange_service (system_id, code, name, path, secrecy, search_text) values (?, ?, ?, ?, ?, ?)
                on conflict (system_id, code) do nothing returning id""")
                .params(s.id(), code, name, path, secrecy.rank(), VietnameseText.fold(code + " " + name)).query(Long.class).optional().orElse(null);
        if (id == null) throw new DomainException.BadInput("code", "problem.exchange.code-taken");
        for (int i = 0; i < fields.size(); i++) {
            jdbc.sql("insert into exchange_field (service_id, position, name, classification) values (?, ?, ?, ?)")
                    .params(id, i, fields.get(i).name(), fields.get(i).classification().name()).update();
        }
        audit.record("exchange.service.register", "exchange-service:" + s.code() + "/" + code, AuditTrail.SUCCESS,
                name + " path:" + path + " secrecy:" + secrecy + " fields:" + fields.size());
        return new Model.Service(id, s.id(), code, name, path, secrecy, List.copyOf(fields));
    }

    /**
     * Changes a system's description (name, purpose, Decree-85 level, status, endpoint, contact); its code, owner unit,
     * secrecy and zones stay (they decide who may see it and its agreements). The owner only; audited.
     */
    @Transactional
    public InfoSystem update(String code, NewSystem n) {
        InfoSystem s = managed(code);
        List<FieldError> errors = new ArrayList<>();
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String purpose = Checks.text(errors, "purpose", n.purpose(), 4000, true);
        Integer level = n.securityLevel();
        if (level == null) errors.add(new FieldError("securityLevel", "problem.field.required"));
        else if (level < 1 || level > 5) errors.add(new FieldError("securityLevel", "problem.field.range", 1, 5));
        SystemStatus status = Checks.enumOf(errors, "status", n.status(), SystemStatus.class, s.status());
        String endpoint = endpoint(errors, n.endpointBaseUrl());
        String contact = Checks.optionalText(errors, "contact", n.contact(), 300, false);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        jdbc.sql("""
                update exchange_system set name = :name, purpose = :purpose, security_level = :level, status = :status, endpoint_base_url = :endpoint,
                       contact = :contact, search_text = :search where id = :id""")
                .param("name", name).param("purpose", purpose).param("level", level).param("status", status.name()).param("endpoint", endpoint)
                .param("contact", contact).param("search", VietnameseText.fold(s.code() + " " + name + " " + purpose)).param("id", s.id()).update();
        audit.record("exchange.system.update", "exchange-system:" + s.code(), AuditTrail.SUCCESS,
                name + " level:" + level + " status:" + status + " endpoint:" + (endpoint == null ? "-" : endpoint));
        return findById(s.id()).orElseThrow();
    }

    /**
     * Changes a service's name, path and fields (the list replaces the old one; its secrecy stays). Agreements keep
     * their field names: a field no longer offered is no longer returned. The owner only; audited.
     */
    @Transactional
    public Model.Service updateService(String systemCode, String serviceCode, NewService n) {
        InfoSystem s = managed(systemCode);
        Model.Service old = s.services().stream().filter(v -> v.code().equals(serviceCode)).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("exchange-service", serviceCode));
        List<FieldError> errors = new ArrayList<>();
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String path = servicePath(errors, n.path());
        List<Field> fields = fields(errors, n.fields(), old.secrecy());
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        jdbc.sql("update exchange_service set name = ?, path = ?, search_text = ? where id = ?")
                .params(name, path, VietnameseText.fold(old.code() + " " + name), old.id()).update();
        jdbc.sql("delete from exchange_field where service_id = ?").param(old.id()).update();
        for (int i = 0; i < fields.size(); i++) {
            jdbc.sql("insert into exchange_field (service_id, position, name, classification) values (?, ?, ?, ?)")
                    .params(old.id(), i, fields.get(i).name(), fields.get(i).classification().name()).update();
        }
        audit.record("exchange.service.update", "exchange-service:" + s.code() + "/" + old.code(), AuditTrail.SUCCESS,
                name + " path:" + path + " fields:" + fields.stream().map(f -> f.name() + "=" + f.classification()).toList());
        return new Model.Service(old.id(), s.id(), old.code(), name, path, old.secrecy(), List.copyOf(fields));
    }

    private static List<Field> fields(List<FieldError> errors, @Nullable List<NewField> in, @Nullable SecrecyLevel secrecy) {
        return fields(errors, in, secrecy, "problem.exchange.field-above-service");
    }

    /** Classified fields, every problem named {@code fields[i].name} / {@code fields[i].classification}; none above {@code secrecy}. */
    static List<Field> fields(List<FieldError> errors, @Nullable List<NewField> in, @Nullable SecrecyLevel secrecy, String aboveKey) {
        List<Field> fields = new ArrayList<>();
        if (in == null || in.isEmpty()) errors.add(new FieldError("fields", "problem.field.required"));
        else if (in.size() > 200) errors.add(new FieldError("fields", "problem.field.size", 1, 200));
        else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < in.size(); i++) {
                NewField f = in.get(i);
                String at = "fields[" + i + "]";
                if (f == null) {
                    errors.add(new FieldError(at, "problem.field.required"));
                    continue;
                }
                String fname = Checks.code(errors, at + ".name", f.name(), Checks.FIELD_NAME);
                Classification c = Checks.enumOf(errors, at + ".classification", f.classification(), Classification.class, null);
                if (fname != null && !seen.add(fname)) errors.add(new FieldError(at + ".name", "problem.exchange.field-repeated"));
                if (c != null && secrecy != null && !secrecy.covers(c.level())) errors.add(new FieldError(at + ".classification", aboveKey));
                if (fname != null && c != null) fields.add(new Field(fname, c));
            }
        }
        return fields;
    }

    private static @Nullable String servicePath(List<FieldError> errors, @Nullable String p) {
        if (p == null || p.isBlank()) {
            errors.add(new FieldError("path", "problem.field.required"));
            return null;
        }
        if (p.length() > 300 || !p.matches("/[A-Za-z0-9._~/-]*") || p.contains("//") || p.contains("/../") || p.endsWith("/..") || p.contains("/./")) {
            errors.add(new FieldError("path", "problem.field.format"));
            return null;
        }
        return p;
    }

    private static List<NetworkZone> zones(List<FieldError> errors, @Nullable List<String> in, @Nullable SecrecyLevel secrecy) {
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError("zones", "problem.field.required"));
            return List.of();
        }
        if (in.size() > 3) {
            errors.add(new FieldError("zones", "problem.field.size", 1, 3));
            return List.of();
        }
        List<NetworkZone> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String z = in.get(i);
            NetworkZone zone = null;
            for (NetworkZone c : NetworkZone.values()) if (c.id().equals(z) || c.name().equals(z)) zone = c;
            if (zone == null) errors.add(new FieldError("zones[" + i + "]", "problem.field.enum"));
            else if (secrecy != null && secrecy.isClassified() && zone != NetworkZone.MILITARY_NETWORK) {
                // Law 29/2018, Decree 85/2016: a system holding state secrets runs on the military network only.
                errors.add(new FieldError("zones[" + i + "]", "problem.exchange.zone-classified"));
            } else if (!out.contains(zone)) out.add(zone);
        }
        return out;
    }

    private static @Nullable String endpoint(List<FieldError> errors, @Nullable String s) {
        if (s == null || s.isBlank()) return null;
        try {
            if (s.length() > 500) throw new IllegalArgumentException();
            URI u = new URI(s.strip());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null || u.getRawUserInfo() != null
                    || u.getRawQuery() != null || u.getRawFragment() != null) throw new IllegalArgumentException();
            String v = u.toString();
            return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            errors.add(new FieldError("endpointBaseUrl", "problem.field.format"));
            return null;
        }
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static InfoSystem mapSystem(ResultSet rs, int n) throws SQLException {
        Array z = rs.getArray("zones");
        List<NetworkZone> zones = new ArrayList<>();
        for (Object o : (Object[]) z.getArray()) zones.add(NetworkZone.of((String) o));
        return new InfoSystem(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getLong("owner_unit_id"), rs.getString("purpose"),
                rs.getInt("security_level"), SecrecyLevel.ofRank(rs.getInt("secrecy")), List.copyOf(zones), SystemStatus.valueOf(rs.getString("status")),
                rs.getString("endpoint_base_url"), rs.getString("contact"), List.of());
    }
}
