package vn.truongson.population;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A citizen signed in through the e-identity provider (DOMAIN-VN.md §6), as the identity provider vouches
 * for them: the data a public-service form may be prefilled with. {@code assuranceLevel} is the e-ID level,
 * 1 or 2.
 */
public record CitizenIdentity(String idNumber, String fullName, LocalDate dateOfBirth, Gender gender,
        String placeOfResidence, @Nullable String phone, @Nullable String email, int assuranceLevel) {}
