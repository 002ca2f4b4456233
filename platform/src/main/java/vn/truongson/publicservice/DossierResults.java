package vn.truongson.publicservice;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import vn.truongson.core.DomainException;
import vn.truongson.files.FileStore;
import vn.truongson.paper.Decree30;
import vn.truongson.signing.Signatures;

/**
 * The result PDF, made when the last step is done and kept in the file store. It is sealed with the unit's
 * organisation signature through the signing module when that module is present and the unit has a certificate;
 * otherwise it is kept unsigned, and the screens say so.
 */
@Component
class DossierResults {

    record Result(String sha256, boolean signed) {}

    private static final Logger log = LoggerFactory.getLogger(DossierResults.class);

    private final FileStore files;
    private final ObjectProvider<Signatures> signatures;
    private final Clock clock;

    DossierResults(FileStore files, ObjectProvider<Signatures> signatures, Clock clock) {
        this.files = files;
        this.signatures = signatures;
        this.clock = clock;
    }

    Result produce(Dossier d, Procedure p) {
        byte[] pdf = Decree30.pdf(Forms.result(d, p, clock.instant()));
        boolean signed = false;
        Signatures s = signatures.getIfAvailable();
        if (s != null && s.hasUnitCertificate(d.unitId())) {
            try {
                pdf = s.signAsUnit(d.unitId(), pdf);
                signed = true;
            } catch (DomainException e) {
                log.warn("Result of {} kept unsigned: {}", d.code(), e.messageKey());
            }
        }
        var stored = files.store(new ByteArrayInputStream(pdf), "ket-qua-" + d.code() + ".pdf", 50L * 1024 * 1024);
        return new Result(stored.sha256(), signed);
    }
}
