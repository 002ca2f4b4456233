package vn.truongson.org.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.org.ClearanceRequests;

/** The two-person rule's API: the pending clearance changes, and the second person's approval or refusal. */
@RestController
@RequestMapping("/api/v1/clearance-requests")
@Tag(name = "Tổ chức / Organisation")
class ClearanceRequestController {

    record RequestView(String id, String officialId, String officialName, String unitId, String fromClearance, String clearance,
            String status, String requestedBy, String requestedByName, String requestedAt, @Nullable String decidedBy,
            @Nullable String decidedByName, @Nullable String decidedAt, @Nullable String reason) {
        static RequestView of(ClearanceRequests.Request r) {
            return new RequestView(Ids.str(r.id()), Ids.str(r.officialId()), r.officialName(), Ids.str(r.unitId()), r.from().name(),
                    r.to().name(), r.status().name(), Ids.str(r.requestedBy()), r.requestedByName(), r.requestedAt().toString(),
                    r.decidedBy() == null ? null : Ids.str(r.decidedBy()), r.decidedByName(),
                    r.decidedAt() == null ? null : r.decidedAt().toString(), r.reason());
        }
    }

    record RefuseRequest(@Nullable String reason) {}

    private final ClearanceRequests requests;

    ClearanceRequestController(ClearanceRequests requests) {
        this.requests = requests;
    }

    @GetMapping
    @Operation(summary = "Yêu cầu nâng mức tiếp cận / Clearance requests",
            description = "Requests on officials of units the caller's ADMIN or SECURITY_OFFICER grants cover; status PENDING by default, ALL for every one.")
    List<RequestView> list(@RequestParam(defaultValue = "PENDING") String status, @RequestParam(defaultValue = "200") int limit) {
        ClearanceRequests.Status s;
        if ("ALL".equals(status)) {
            s = null;
        } else {
            try {
                s = ClearanceRequests.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new DomainException.BadInput("status", "problem.field.enum");
            }
        }
        return requests.list(s, limit).stream().map(RequestView::of).toList();
    }

    @GetMapping("/{id}")
    RequestView get(@PathVariable long id) {
        return RequestView.of(requests.get(id));
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Phê duyệt (người thứ hai) / Approve (the second person)",
            description = "An ADMIN or SECURITY_OFFICER covering the official's unit, not the requester nor the official, cleared at least the level asked. "
                    + "The clearance takes effect at once; 409 when already decided.")
    RequestView approve(@PathVariable long id) {
        return RequestView.of(requests.approve(id));
    }

    @PostMapping("/{id}/refuse")
    RequestView refuse(@PathVariable long id, @RequestBody(required = false) @Nullable RefuseRequest body) {
        return RequestView.of(requests.refuse(id, body == null ? null : body.reason()));
    }
}
