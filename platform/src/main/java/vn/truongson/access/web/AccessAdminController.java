package vn.truongson.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Accounts;
import vn.truongson.access.Grant;
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.Role;
import vn.truongson.access.Zones;
import vn.truongson.core.Ids;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Phân quyền / Grants and zones")
class AccessAdminController {

    record GrantRequest(@NotNull Role role, @NotNull @Size(max = 19) String unitId, @NotNull GrantScope scope) {}

    record GrantView(String id, String role, String unitId, String scope) {
        static GrantView of(Grant g) {
            return new GrantView(Ids.str(g.id()), g.role().name(), Ids.str(g.unitId()), g.scope().name());
        }
    }

    record ZoneRequest(@NotNull @Size(min = 2, max = 64) String cidr, @NotNull String zone, @Nullable @Size(max = 200) String note) {}

    record ZoneView(String id, String cidr, String zone, String note) {}

    private final GrantAdministration grants;
    private final Zones zones;
    private final AccessPolicy policy;
    private final Accounts accounts;

    AccessAdminController(GrantAdministration grants, Zones zones, AccessPolicy policy, Accounts accounts) {
        this.grants = grants;
        this.zones = zones;
        this.policy = policy;
        this.accounts = accounts;
    }

    @GetMapping("/officials/{id}/grants")
    List<GrantView> grants(@PathVariable long id) {
        return grants.of(id).stream().map(GrantView::of).toList();
    }

    @PostMapping("/officials/{id}/grants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Cấp quyền / Grant a role on a unit (admin)")
    GrantView grant(@PathVariable long id, @Valid @RequestBody GrantRequest body) {
        return GrantView.of(grants.grant(id, body.role(), Ids.parse("unitId", body.unitId()), body.scope()));
    }

    @DeleteMapping("/officials/{id}/grants/{grantId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, @PathVariable long grantId) {
        grants.revoke(id, grantId);
    }

    @PostMapping("/officials/{id}/unlock")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Mở khóa tài khoản / Unlock an account (admin)")
    void unlock(@PathVariable("id") long officialId) {
        var ignored = grants.of(officialId); // 404 for an unknown official, 403 outside the admin's reach
        policy.requireSystemAdmin();
        accounts.unlock(officialId);
    }

    @GetMapping("/zones")
    List<ZoneView> zones() {
        policy.requireSystemAdmin();
        return zones.ranges().stream().map(r -> new ZoneView(Ids.str(r.id()), r.cidr(), r.zone().id(), r.note())).toList();
    }

    @PostMapping("/zones")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Thêm dải địa chỉ vào vùng mạng / Add an address range to a zone (admin)")
    ZoneView addZone(@Valid @RequestBody ZoneRequest body) {
        policy.requireSystemAdmin();
        NetworkZone zone;
        try {
            zone = NetworkZone.of(body.zone());
        } catch (IllegalArgumentException e) {
            throw new vn.truongson.core.DomainException.BadInput("zone", "problem.zone.unknown", body.zone());
        }
        var r = zones.add(body.cidr(), zone, body.note() == null ? "" : body.note());
        return new ZoneView(Ids.str(r.id()), r.cidr(), r.zone().id(), r.note());
    }

    @DeleteMapping("/zones/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeZone(@PathVariable long id) {
        policy.requireSystemAdmin();
        zones.remove(id);
    }
}
