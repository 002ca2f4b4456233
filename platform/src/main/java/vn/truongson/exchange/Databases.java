package vn.truongson.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.exchange.Model.Classification;
import vn.truongson.exchange.Model.Field;
import vn.truongson.exchange.Model.InfoSystem;

/**
 * The catalogue's databases (cơ sở dữ liệu; issue 14 item 1): a system's databases, their data sets and the fields of
 * each, every field classified. Read within the reader's level like the system itself: a database more secret than the
 * reader's level (the lower of clearance and zone) is not there for him, 404 byte for byte as a missing one. Changed by
 * the system's owners only (as {@link Catalogue#managed}); every change audited in its transaction.
 */
@Service
public class Databases {

    public record Dataset(long id, String code, String name, @Nullable String description, List<Field> fields) {}

    public record Database(long id, String systemCode, String code, String name, @Nullable String description, SecrecyLevel secrecy,
            List<Dataset> datasets) {}

    /** A database: {@code code} and {@code secrecy} are read only when registering (they stay afterwards). */
    public record NewDatabase(@Nullable String code, @Nullable String name, @Nullable String description, @Nullable String secrecy) {}

    /** A data set and its fields (the list replaces the old one on an edit); {@code code} only when adding. */
    public record NewDataset(@Nullable String code, @Nullable String name, @Nullable String description, @Nullable List<Catalogue.NewField> fields) {}

    static final int MAX_DATABASES = 100;
    static final int MAX_DATASETS = 200;

    private final JdbcClient jdbc;
    private final Catalogue catalogue;
    private final AuditTrail audit;

    Databases(JdbcClient jdbc, Catalogue catalogue, AuditTrail audit) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.audit = audit;
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** The system's databases the reader may see (404 for a system he may not see). */
    public List<Database> list(String systemCode) {
        return load(catalogue.get(systemCode), null);
    }

    /** Databases of several systems already read through the catalogue (the workbook), within the reader's level. */
    public Map<Long, List<Database>> of(List<InfoSystem> systems) {
        Map<Long, List<Database>> out = new LinkedHashMap<>();
        for (InfoSystem s : systems) out.put(s.id(), load(s, null));
        return out;
    }

    /** One database: 404, the same as a missing one, when it or its system is above the reader's level. */
    public Database get(String systemCode, String code) {
        return find(catalogue.get(systemCode), code);
    }

    private Database find(InfoSystem s, String code) {
        if (code.length() > 64) throw new DomainException.NotFound("exchange-database", code);
        return load(s, code).stream().findFirst().orElseThrow(() -> new DomainException.NotFound("exchange-database", code));
    }

    private List<Database> load(InfoSystem s, @Nullable String code) {
        int level = catalogue.level().rank();
        List<Database> dbs = jdbc.sql("select id, code, name, description, secrecy from exchange_database where system_id = :s and secrecy <= :level"
                        + (code == null ? "" : " and code = :code") + " order by code")
                .param("s", s.id()).param("level", level).params(code == null ? Map.of() : Map.of("code", code))
                .query((rs, n) -> new Database(rs.getLong(1), s.code(), rs.getString(2), rs.getString(3), rs.getString(4), SecrecyLevel.ofRank(rs.getInt(5)),
                        List.of())).list();
        if (dbs.isEmpty()) return dbs;
        Long[] ids = dbs.stream().map(Database::id).toArray(Long[]::new);
        Map<Long, List<Field>> fields = new LinkedHashMap<>();
        jdbc.sql("""
                select f.dataset_id, f.name, f.classification from exchange_dataset_field f join exchange_dataset t on t.id = f.dataset_id
                where t.database_id = any(:ids) order by f.dataset_id, f.position""").param("ids", ids)
                .query((rs, n) -> fields.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Field(rs.getString(2),
                        Classification.valueOf(rs.getString(3))))).list();
        Map<Long, List<Dataset>> sets = new LinkedHashMap<>();
        jdbc.sql("select id, database_id, code, name, description from exchange_dataset where database_id = any(:ids) order by code").param("ids", ids)
                .query((rs, n) -> sets.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new Dataset(rs.getLong(1), rs.getString(3),
                        rs.getString(4), rs.getString(5), List.copyOf(fields.getOrDefault(rs.getLong(1), List.of()))))).list();
        return dbs.stream().map(d -> new Database(d.id(), d.systemCode(), d.code(), d.name(), d.description(), d.secrecy(),
                List.copyOf(sets.getOrDefault(d.id(), List.of())))).toList();
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional
    public Database register(String systemCode, NewDatabase n) {
        InfoSystem s = catalogue.managed(systemCode);
        List<FieldError> errors = new ArrayList<>();
        String code = Checks.code(errors, "code", n.code(), Checks.SERVICE_CODE);
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String description = Checks.optionalText(errors, "description", n.description(), 4000, true);
        SecrecyLevel secrecy = Checks.enumOf(errors, "secrecy", n.secrecy(), SecrecyLevel.class, SecrecyLevel.THUONG);
        if (secrecy != null && !s.secrecy().covers(secrecy)) {
            errors.add(new FieldError("secrecy", "problem.exchange.database-above-system", s.secrecy().vietnamese()));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Integer count = jdbc.sql("select count(*) from exchange_database where system_id = ?").param(s.id()).query(Integer.class).single();
        if (count >= MAX_DATABASES) throw new DomainException.BadInput("code", "problem.exchange.too-many", MAX_DATABASES);
        Long id;
        try {
            id = jdbc.sql("""
                    insert into exchange_database (system_id, code, name, description, secrecy, search_text, created_by) values (?, ?, ?, ?, ?, ?, ?)
                    on conflict (system_id, code) do nothing returning id""")
                    .params(s.id(), code, name, description, secrecy.rank(), search(code, name, description), catalogue.actorId())
                    .query(Long.class).optional().orElse(null);
        } catch (DuplicateKeyException e) {
            id = null;
        }
        if (id == null) throw new DomainException.BadInput("code", "problem.exchange.code-taken");
        audit.record("exchange.database.register", "exchange-database:" + s.code() + "/" + code, AuditTrail.SUCCESS, name + " secrecy:" + secrecy);
        return new Database(id, s.code(), code, name, description, secrecy, List.of());
    }

    /** Changes a database's name and description (its code and secrecy stay: they decide who sees it). */
    @Transactional
    public Database update(String systemCode, String code, NewDatabase n) {
        InfoSystem s = catalogue.managed(systemCode);
        Database d = find(s, code);
        List<FieldError> errors = new ArrayList<>();
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String description = Checks.optionalText(errors, "description", n.description(), 4000, true);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        jdbc.sql("update exchange_database set name = ?, description = ?, search_text = ? where id = ?")
                .params(name, description, search(d.code(), name, description), d.id()).update();
        audit.record("exchange.database.update", "exchange-database:" + s.code() + "/" + d.code(), AuditTrail.SUCCESS, name);
        return find(s, code);
    }

    @Transactional
    public Dataset addDataset(String systemCode, String databaseCode, NewDataset n) {
        InfoSystem s = catalogue.managed(systemCode);
        Database d = find(s, databaseCode);
        List<FieldError> errors = new ArrayList<>();
        String code = Checks.code(errors, "code", n.code(), Checks.SERVICE_CODE);
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String description = Checks.optionalText(errors, "description", n.description(), 4000, true);
        List<Field> fields = Catalogue.fields(errors, n.fields(), d.secrecy(), "problem.exchange.field-above-database");
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (d.datasets().size() >= MAX_DATASETS) throw new DomainException.BadInput("code", "problem.exchange.too-many", MAX_DATASETS);
        Long id;
        try {
            id = jdbc.sql("""
                    insert into exchange_dataset (database_id, code, name, description, search_text) values (?, ?, ?, ?, ?)
                    on conflict (database_id, code) do nothing returning id""")
                    .params(d.id(), code, name, description, search(code, name, description, fields)).query(Long.class).optional().orElse(null);
        } catch (DuplicateKeyException e) {
            id = null;
        }
        if (id == null) throw new DomainException.BadInput("code", "problem.exchange.code-taken");
        writeFields(id, fields);
        audit.record("exchange.dataset.register", "exchange-dataset:" + s.code() + "/" + d.code() + "/" + code, AuditTrail.SUCCESS,
                name + " fields:" + describe(fields));
        return new Dataset(id, code, name, description, List.copyOf(fields));
    }

    /** Changes a data set's name, description and fields (the list replaces the old one). */
    @Transactional
    public Dataset updateDataset(String systemCode, String databaseCode, String code, NewDataset n) {
        InfoSystem s = catalogue.managed(systemCode);
        Database d = find(s, databaseCode);
        Dataset old = d.datasets().stream().filter(t -> t.code().equals(code)).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("exchange-dataset", code));
        List<FieldError> errors = new ArrayList<>();
        String name = Checks.text(errors, "name", n.name(), 300, false);
        String description = Checks.optionalText(errors, "description", n.description(), 4000, true);
        List<Field> fields = Catalogue.fields(errors, n.fields(), d.secrecy(), "problem.exchange.field-above-database");
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        // The row first, locked: two edits at once take turns, the second replaces the first's fields whole.
        jdbc.sql("update exchange_dataset set name = ?, description = ?, search_text = ? where id = ?")
                .params(name, description, search(old.code(), name, description, fields), old.id()).update();
        jdbc.sql("delete from exchange_dataset_field where dataset_id = ?").param(old.id()).update();
        writeFields(old.id(), fields);
        audit.record("exchange.dataset.update", "exchange-dataset:" + s.code() + "/" + d.code() + "/" + old.code(), AuditTrail.SUCCESS,
                name + " fields:" + describe(fields));
        return new Dataset(old.id(), old.code(), name, description, List.copyOf(fields));
    }

    Optional<Database> visible(InfoSystem s, String code) {
        return load(s, code).stream().findFirst();
    }

    private void writeFields(long datasetId, List<Field> fields) {
        for (int i = 0; i < fields.size(); i++) {
            jdbc.sql("insert into exchange_dataset_field (dataset_id, position, name, classification) values (?, ?, ?, ?)")
                    .params(datasetId, i, fields.get(i).name(), fields.get(i).classification().name()).update();
        }
    }

    private static String describe(List<Field> fields) {
        return fields.stream().map(f -> f.name() + "=" + f.classification()).toList().toString();
    }

    private static String search(String code, String name, @Nullable String description) {
        return VietnameseText.fold(code + " " + name + " " + (description == null ? "" : description));
    }

    private static String search(String code, String name, @Nullable String description, List<Field> fields) {
        return VietnameseText.fold(code + " " + name + " " + (description == null ? "" : description) + " "
                + String.join(" ", fields.stream().map(Field::name).toList()));
    }
}
