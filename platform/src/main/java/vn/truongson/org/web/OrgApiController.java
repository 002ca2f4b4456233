package vn.truongson.org.web;

import static vn.truongson.core.Inputs.blankToNull;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.Ids;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.org.ClearanceRequests;
import vn.truongson.org.Official;
import vn.truongson.org.Officials;
import vn.truongson.org.Unit;
import vn.truongson.org.UnitKind;
import vn.truongson.org.Units;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tổ chức / Organisation")
class OrgApiController {

    record UnitView(String id, String code, String name, String shortName, String kind, @Nullable String parentId,
            @Nullable String organId, String secrecy, int depth) {
        static UnitView of(Unit u) {
            return new UnitView(Ids.str(u.id()), u.code(), u.name(), u.shortName(), u.kind().name(),
                    u.parentId() == null ? null : Ids.str(u.parentId()), u.organId(), u.secrecy().name(), u.depth());
        }
    }

    record UnitRequest(@NotNull @Size(max = 32) String code, @NotNull @Size(max = 250) String name,
            @NotNull @Size(max = 60) String shortName, @NotNull UnitKind kind, @Nullable @Size(max = 19) String parentId,
            @Nullable @Size(max = 13) String organId, @Nullable SecrecyLevel secrecy) {}

    record UnitUpdate(@NotNull @Size(max = 250) String name, @NotNull @Size(max = 60) String shortName, @NotNull UnitKind kind,
            @Nullable @Size(max = 13) String organId, @Nullable SecrecyLevel secrecy) {}

    /** {@code pendingClearance}: a clearance above Thường asked for and not yet approved by a second person (else null). */
    record OfficialView(String id, String fullName, String unitId, String position, @Nullable String rank, String clearance,
            String secrecy, @Nullable String email, @Nullable String phone, boolean active, @Nullable PendingView pendingClearance) {
        static OfficialView of(Official o, ClearanceRequests.@Nullable Request pending) {
            return new OfficialView(Ids.str(o.id()), o.fullName(), Ids.str(o.unitId()), o.position(), o.rankTitle(),
                    o.clearance().name(), o.secrecy().name(), o.email(), o.phone(), o.active(), pending == null ? null : PendingView.of(pending));
        }
    }

    record PendingView(String requestId, String clearance, String requestedBy, String requestedAt) {
        static PendingView of(ClearanceRequests.Request r) {
            return new PendingView(Ids.str(r.id()), r.to().name(), Ids.str(r.requestedBy()), r.requestedAt().toString());
        }
    }

    record OfficialRequest(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 120) String fullName,
            @NotNull @Size(max = 19) String unitId, @NotNull @Size(max = 200) String position, @Nullable @Size(max = 60) String rank,
            @NotNull SecrecyLevel clearance, @Nullable SecrecyLevel secrecy, @NotNull @Size(max = 128) String password,
            @Nullable @Size(max = 64) String totpSecret, @Nullable @Size(max = 254) String email, @Nullable @Size(max = 20) String phone) {}

    record OfficialUpdate(@NotNull @Size(max = 120) String fullName, @NotNull @Size(max = 19) String unitId,
            @NotNull @Size(max = 200) String position, @Nullable @Size(max = 60) String rank, @NotNull SecrecyLevel clearance,
            @Nullable SecrecyLevel secrecy, @Nullable @Size(max = 254) String email, @Nullable @Size(max = 20) String phone,
            @Nullable Boolean active) {}

    private final Units units;
    private final Officials officials;

    OrgApiController(Units units, Officials officials) {
        this.units = units;
        this.officials = officials;
    }

    @GetMapping("/units")
    @Operation(summary = "Danh sách đơn vị / Units the caller may see", description = "q matches code and names, diacritics ignored.")
    List<UnitView> units(@RequestParam(required = false) @Nullable String parentId, @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "1000") int limit) {
        if (q != null && q.length() > 200) throw new vn.truongson.core.DomainException.BadInput("q", "problem.field.length", 0, 200);
        Long parent = parentId == null || parentId.isBlank() ? null : Ids.parse("parentId", parentId);
        return units.list(parent, q, limit).stream().map(UnitView::of).toList();
    }

    @GetMapping("/units/{id}")
    UnitView unit(@PathVariable long id) {
        return UnitView.of(units.get(id));
    }

    @PostMapping("/units")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tạo đơn vị / Create a unit (admin)")
    UnitView createUnit(@Valid @RequestBody UnitRequest b) {
        Long parent = b.parentId() == null || b.parentId().isBlank() ? null : Ids.parse("parentId", b.parentId());
        return UnitView.of(units.create(new Units.NewUnit(b.code(), b.name(), b.shortName(), b.kind(), parent,
                blankToNull(b.organId()), b.secrecy() == null ? SecrecyLevel.THUONG : b.secrecy())));
    }

    @PutMapping("/units/{id}")
    UnitView updateUnit(@PathVariable long id, @Valid @RequestBody UnitUpdate b) {
        return UnitView.of(units.update(id, new Units.Changes(b.name(), b.shortName(), b.kind(),
                blankToNull(b.organId()), b.secrecy() == null ? SecrecyLevel.THUONG : b.secrecy())));
    }

    @GetMapping("/officials")
    @Operation(summary = "Danh sách cán bộ / Officials the caller may see")
    List<OfficialView> officials(@RequestParam(required = false) @Nullable String unitId, @RequestParam(defaultValue = "false") boolean subtree,
            @RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "200") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        if (q != null && q.length() > 200) throw new vn.truongson.core.DomainException.BadInput("q", "problem.field.length", 0, 200);
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        List<Official> found = officials.list(unit, subtree, q, limit, offset);
        var pending = officials.pendingClearances(found.stream().map(Official::id).toList());
        return found.stream().map(o -> OfficialView.of(o, pending.get(o.id()))).toList();
    }

    @GetMapping("/officials/{id}")
    OfficialView official(@PathVariable long id) {
        return view(officials.get(id));
    }

    @PostMapping("/officials")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Tạo cán bộ và tài khoản / Create an official with their account (admin)",
            description = "totpSecret (base32) provisions the second factor, e.g. when accounts move from an older system.")
    OfficialView createOfficial(@Valid @RequestBody OfficialRequest b) {
        return view(officials.create(new Officials.NewOfficial(b.username(), b.fullName(), Ids.parse("unitId", b.unitId()),
                b.position(), blankToNull(b.rank()), b.clearance(), b.secrecy() == null ? SecrecyLevel.THUONG : b.secrecy(),
                b.password(), blankToNull(b.totpSecret()), blankToNull(b.email()), blankToNull(b.phone()))));
    }

    @PutMapping("/officials/{id}")
    OfficialView updateOfficial(@PathVariable long id, @Valid @RequestBody OfficialUpdate b) {
        return view(officials.update(id, new Officials.Changes(b.fullName(),
                Ids.parse("unitId", b.unitId()), b.position(), blankToNull(b.rank()), b.clearance(),
                b.secrecy() == null ? SecrecyLevel.THUONG : b.secrecy(), blankToNull(b.email()), blankToNull(b.phone()),
                b.active() == null || b.active())));
    }

    private OfficialView view(Official o) {
        return OfficialView.of(o, officials.pendingClearance(o.id()).orElse(null));
    }

}
