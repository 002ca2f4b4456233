package vn.truongson.population.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.population.CitizenVerification;

/** POST /api/v1/population/verify: a citizen checked against the population registry. */
@RestController
@RequestMapping("/api/v1/population")
@Tag(name = "Dữ liệu dân cư / Population data")
class VerificationController {

    private final CitizenVerification verification;

    VerificationController(CitizenVerification verification) {
        this.verification = verification;
    }

    @PostMapping("/verify")
    @Operation(summary = "Đối chiếu công dân với CSDL quốc gia về dân cư / Verify a citizen against the population registry",
            description = "`{idNumber, fullName, dateOfBirth (yyyy-MM-dd or dd/MM/yyyy), purpose}` → `{matched, mismatches:[field]}`. "
                    + "purpose: ADMISSIONS, BORDER, PUBLIC_SERVICE or MILITARY_SERVICE (required, audited). Names are compared after "
                    + "NFC, case ignored. Fields: idNumber (no such number), fullName, dateOfBirth, status (deceased). "
                    + "503 when the registry is down, slow or answers garbage: never a wrong \"not matched\".")
    CitizenVerification.Result verify(@RequestBody CitizenVerification.Request request) {
        return verification.verify(request);
    }
}
