package vn.truongson;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import fixture.boundaries.BoundaryFixture;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries of ARCHITECTURE.md hold: no cycles, no reaching into another module's internals, and every
 * module depends only on what its package-info allows ({@code @ApplicationModule(allowedDependencies = …)}), which is the
 * "Depends on" column of docs/architecture.md.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(TruongSonApplication.class);

    /**
     * {@code vn.truongson.clamd} is a library of its own Maven module (clamd/, shared with the gateway, which has no
     * Modulith): a shared module of the platform (TruongSonApplication), with no package-info or row of its own.
     */
    static final String LIBRARY = "clamd";

    @Test
    void modules_respect_their_boundaries() {
        MODULES.verify();
    }

    @Test
    void every_module_declares_its_allowed_dependencies_as_the_architecture_page_lists_them() throws Exception {
        Map<String, TreeSet<String>> table = dependsOnColumn();
        Map<String, TreeSet<String>> declared = new LinkedHashMap<>();
        MODULES.forEach(m -> {
            String id = m.getIdentifier().toString();
            if (id.equals(LIBRARY)) return;
            ApplicationModule a = loadPackageInfo(m.getBasePackage().getName());
            assertThat(a).as("package-info of %s declares @ApplicationModule", id).isNotNull();
            assertThat(a.allowedDependencies()).as("%s declares its allowed dependencies", id).doesNotContain(ApplicationModule.OPEN_TOKEN);
            declared.put(id, new TreeSet<>(Arrays.stream(a.allowedDependencies()).map(d -> d.replace(" ", "")).toList()));
        });
        assertThat(declared).isEqualTo(table);
    }

    /**
     * The check above is worth something only if a module that uses another it does not declare is reported: a small
     * fixture of three modules (test sources, outside the application's packages), one of which breaks its declaration.
     */
    @Test
    void a_dependency_left_out_of_the_declaration_is_reported() {
        ApplicationModules fixture = ApplicationModules.of(BoundaryFixture.class, new ImportOption.OnlyIncludeTests());
        assertThat(fixture.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrder("core", "left", "right");
        Violations v = fixture.detectViolations();
        List<String> messages = v.getMessages();
        assertThat(messages).isNotEmpty();
        assertThat(messages).allSatisfy(msg -> assertThat(msg).contains("left").contains("right"));
        assertThat(messages).allSatisfy(msg -> assertThat(msg).startsWith("Module 'left' depends on").contains("Allowed targets: core"));
    }

    @Test
    void module_documentation_is_written() {
        new Documenter(MODULES).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }

    private static ApplicationModule loadPackageInfo(String pkg) {
        try {
            return Class.forName(pkg + ".package-info").getAnnotation(ApplicationModule.class);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The "Depends on" column of docs/architecture.md, module → modules ("—" for none; a parenthesis is a comment). */
    static Map<String, TreeSet<String>> dependsOnColumn() throws Exception {
        Path page = Path.of("../docs/architecture.md");
        if (!Files.exists(page)) page = Path.of("docs/architecture.md");
        Map<String, TreeSet<String>> out = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z]+)`[^|]*\\|.*\\| ([^|]*) \\|$");
        for (String line : Files.readAllLines(page)) {
            Matcher m = row.matcher(line);
            if (!m.matches()) continue;
            TreeSet<String> deps = new TreeSet<>();
            String col = m.group(2).replaceAll("\\([^)]*\\)", "").strip();
            if (!col.equals("—")) for (String d : col.split(",")) deps.add(d.strip().replace("`", "").replace(" ", ""));
            out.put(m.group(1), deps);
        }
        return out;
    }
}
