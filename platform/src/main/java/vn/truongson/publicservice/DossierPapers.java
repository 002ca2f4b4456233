package vn.truongson.publicservice;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import vn.truongson.core.DomainException;
import vn.truongson.files.FileStore;
import vn.truongson.org.Units;
import vn.truongson.population.CitizenIdentity;

/** The forms Mẫu 01–05 of a dossier and its result, for its officers and its applicant. */
@Service
public class DossierPapers {

    private final Dossiers dossiers;
    private final Procedures procedures;
    private final FileStore files;
    private final Units units;
    private final OfficerNames officers;
    private final Clock clock;

    DossierPapers(Dossiers dossiers, Procedures procedures, FileStore files, Units units, OfficerNames officers, Clock clock) {
        this.officers = officers;
        this.dossiers = dossiers;
        this.procedures = procedures;
        this.files = files;
        this.units = units;
        this.clock = clock;
    }

    /** A form of a dossier the officer may read; 409 when the dossier has not reached it (no Mẫu 03 for a dossier not refused). */
    public byte[] form(String code, Forms.Kind kind) {
        Dossier d = dossiers.get(code);
        Map<Long, String> names = units.names(d.steps().stream().map(Dossier.Step::unitId).collect(Collectors.toSet()));
        return render(d, kind, names);
    }

    /** A form of the citizen's own dossier (Mẫu 01–04: those addressed to them). */
    public byte[] form(CitizenIdentity citizen, String code, Forms.Kind kind) {
        if (kind == Forms.Kind.M05) throw new DomainException.NotFound("form", kind.number());
        return render(dossiers.ofCitizen(citizen, code), kind, Map.of());
    }

    private byte[] render(Dossier d, Forms.Kind kind, Map<Long, String> names) {
        boolean available = switch (kind) {
            case M01, M05 -> d.receivedAt() != null;
            case M02 -> d.supplementReason() != null || d.events().stream().anyMatch(e -> e.kind().equals("SUPPLEMENT_REQUESTED"));
            case M03 -> d.status() == DossierStatus.REJECTED;
            case M04 -> d.newAppointmentAt() != null;
        };
        if (!available) throw new DomainException.Conflict("publicservice.form.not-yet", kind.number(), d.status().vietnamese());
        return Forms.pdf(kind, d, procedures.byId(d.procedureId()), names, officers::of, clock.instant());
    }

    /** The result PDF of a dossier the officer may read. */
    public byte[] result(Dossier d) {
        if (d.resultSha256() == null) throw new DomainException.Conflict("publicservice.result.not-yet", d.status().vietnamese());
        try (InputStream in = files.open(d.resultSha256())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("result of " + d.code() + " unreadable", e);
        }
    }

    /** The citizen's result, once returned (or ready, for a fully online procedure). */
    public byte[] result(CitizenIdentity citizen, String code) {
        Dossier d = dossiers.ofCitizen(citizen, code);
        if (d.status() != DossierStatus.RETURNED && d.status() != DossierStatus.RESULT_READY) {
            throw new DomainException.Conflict("publicservice.result.not-yet", d.status().vietnamese());
        }
        return result(d);
    }
}
