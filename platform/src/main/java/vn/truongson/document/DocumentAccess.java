package vn.truongson.document;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.DocumentViews.Recipient;

/** Who may read a document: the rule every step of the flow asks first (through the access policy). */
@Component
class DocumentAccess {

    private final AccessPolicy policy;
    private final DocumentRows rows;
    private final JdbcClient jdbc;

    DocumentAccess(AccessPolicy policy, DocumentRows rows, JdbcClient jdbc) {
        this.policy = policy;
        this.rows = rows;
        this.jdbc = jdbc;
    }

    /**
     * May the current person read this document? A grant covering its issuing unit (drafters, signers, clerks,
     * commanders), or a recipient unit that has it (clerks, commanders, handlers), or being its signer or one of
     * its assigned handlers; and always a clearance and zone that cover its secrecy.
     */
    public boolean readable(Document d) {
        Actor me = policy.actor();
        if (!levelAllowed(me, d.secrecy())) return false;
        if (d.issuingUnitId() != null && policy.permits(Documents.OUT_READERS, d.asProtected(d.issuingUnitId()))) return true;
        if (d.signerId() != null && d.signerId() == me.officialId()) return true;
        for (Recipient r : rows.recipients(d.id())) {
            if (r.unitId() != null && r.status() != RecipientStatus.PENDING && policy.permits(Documents.IN_READERS, d.asProtected(r.unitId()))) return true;
        }
        return jdbc.sql("select count(*) from document_assignment where document_id = ? and official_id = ?").params(d.id(), me.officialId())
                .query(Long.class).single() > 0;
    }

    /** 404 when its level is beyond this request (its existence is secret), 403 when only the grant is missing. */
    void requireReadable(Document d) {
        if (readable(d)) return;
        long unit = d.issuingUnitId() != null ? d.issuingUnitId()
                : rows.recipients(d.id()).stream().map(Recipient::unitId).filter(java.util.Objects::nonNull).findFirst().orElse(0L);
        policy.require(Documents.OUT_READERS, d.asProtected(unit));
        if (d.secrecy().isClassified()) throw new DomainException.NotFound("document", d.id());
        throw new DomainException.Forbidden("document.forbidden");
    }

    boolean levelAllowed(Actor a, SecrecyLevel level) {
        return a.effectiveLevel(policy.zoneMax(a.zone())).covers(level);
    }
}
