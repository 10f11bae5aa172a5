package dev.mcphybrid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.mcphybrid.GatewayApplication;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the feature packages may depend on each other, checked on the compiled classes: a change that breaks a rule
 * fails the build. The feature packages form a hierarchy without cycles (common, problem, cluster and mcp at the
 * bottom; status, dogfood, upstream and the boundaries at the top): a change that makes two of them depend on each
 * other fails with the cycle spelled out.
 */
class ArchitectureTest {

    private static JavaClasses gateway;

    @BeforeAll
    static void importClasses() {
        gateway = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mcphybrid");
    }

    @Test
    void jax_rs_resources_live_in_boundary_packages() {
        ArchRule rule = classes().that().areAnnotatedWith(Path.class).should().resideInAPackage("..boundary..")
                .because("a feature's HTTP face is its boundary package; the feature itself knows nothing of HTTP");
        rule.check(gateway);
    }

    @Test
    void every_resource_and_provider_is_registered_with_the_application() {
        // web.xml is metadata-complete: a resource missing from getClasses() would answer 404 without a word
        Set<Class<?>> registered = new GatewayApplication().getClasses();
        List<String> missing = gateway.stream()
                .filter(type -> type.isAnnotatedWith(Path.class) || type.isAnnotatedWith(Provider.class))
                .filter(type -> registered.stream().noneMatch(c -> c.getName().equals(type.getName())))
                .map(JavaClass::getName).toList();
        assertThat(missing).as("add them to GatewayApplication.getClasses()").isEmpty();
    }

    @Test
    void entities_live_in_entity_packages() {
        classes().that().areAnnotatedWith(Entity.class).should().resideInAPackage("..entity..").check(gateway);
    }

    @Test
    void only_the_stores_of_the_persistent_features_touch_the_entity_manager() {
        noClasses().that().resideOutsideOfPackages("dev.mcphybrid.access", "dev.mcphybrid.audit", "dev.mcphybrid.registry",
                        "dev.mcphybrid.persistence", "dev.mcphybrid.workflow")
                .should().dependOnClassesThat().areAssignableTo(EntityManager.class)
                .because("the access policy, the audit log, the registrations and the workflow runs own their tables; everything else asks them")
                .check(gateway);
    }

    @Test
    void boundaries_are_not_used_by_their_features() {
        noClasses().that().resideOutsideOfPackage("..boundary..").and().doNotHaveSimpleName("GatewayApplication")
                .should().dependOnClassesThat().resideInAPackage("..boundary..")
                .because("a feature is callable without HTTP: its boundary depends on it, never the other way round")
                .check(gateway);
    }

    @Test
    void no_package_cycles() {
        slices().matching("dev.mcphybrid.(*)..").should().beFreeOfCycles().check(gateway);
    }
}
