package vn.truongson.population.citizen;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;

/** What the citizen's session holds (serialised into the session store): the identity the provider vouched for. */
record SignedInCitizen(String idNumber, String fullName, LocalDate dateOfBirth, Gender gender, String placeOfResidence,
        @Nullable String phone, @Nullable String email, int assuranceLevel, Instant signedInAt) implements Serializable {

    @Serial private static final long serialVersionUID = 1L;

    /** The session attribute; officials' sessions keep their security context under another name. */
    static final String ATTRIBUTE = "vn.truongson.population.CITIZEN";

    CitizenIdentity identity() {
        return new CitizenIdentity(idNumber, fullName, dateOfBirth, gender, placeOfResidence, phone, email, assuranceLevel);
    }
}
