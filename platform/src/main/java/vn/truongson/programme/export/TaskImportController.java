package vn.truongson.programme.export;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.core.Ids;

/** Tasks from Excel: the template to fill, and the import of a filled one into a draft plan. */
@RestController
@Tag(name = "Kế hoạch / Programme plans")
class TaskImportController {

    record ImportedView(int row, String id, String code, int indicators) {}

    record ImportView(String planId, int groupsCreated, int tasksCreated, List<ImportedView> tasks) {}

    private final TaskImport taskImport;
    private final AccessPolicy policy;

    TaskImportController(TaskImport taskImport, AccessPolicy policy) {
        this.taskImport = taskImport;
        this.policy = policy;
    }

    @GetMapping({"/api/v1/plans/import-template.xlsx", "/office/programme/plans/import-template.xlsx"})
    @Operation(summary = "Mẫu Excel nhập nhiệm vụ / The Excel template for importing tasks",
            description = "For programme coordinators. Sheet Nhiệm vụ (columns A–O, one row per indicator) and sheet Hướng dẫn (the rules).")
    ResponseEntity<byte[]> template() {
        policy.requireAnyGrant(Set.of(Role.PROGRAMME_COORDINATOR));
        return CompilationExportController.attachment(ImportTemplate.file());
    }

    @PostMapping(path = "/api/v1/plans/{planId}/tasks/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Nhập nhiệm vụ từ Excel / Import tasks from the Excel template",
            description = "multipart 'file': the filled template (.xlsx, at most 5 MB). A programme coordinator of the owner unit, on a draft "
                    + "plan. All or nothing: any bad cell refuses the whole file with errors [{field: \"row 7, column E (Đơn vị chủ trì)\", message}].")
    ImportView importTasks(@PathVariable("planId") long plan, @RequestParam("file") MultipartFile file) {
        TaskImport.Result r = taskImport.importTasks(plan, file.getSize(), file, file.getOriginalFilename());
        return new ImportView(Ids.str(r.planId()), r.groupsCreated(), r.tasks().size(),
                r.tasks().stream().map(t -> new ImportedView(t.row(), Ids.str(t.taskId()), t.code(), t.indicators())).toList());
    }
}
