package dev.mcphybrid.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the feature packages may depend on each other, checked on the compiled classes: a change that breaks a rule
 * fails the build. The package cycles that exist today (21 of them, most through events, registry and logs) are
 * frozen in ArchUnit's store under src/test/resources/archunit_store: a new cycle, or a new dependency inside a
 * known one, fails. After breaking one, record the smaller set with
 * {@code mvn test -Dtest=ArchitectureTest -Darchunit.freeze.store.default.allowStoreUpdate=true} and commit the store.
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
    void no_new_package_cycles() {
        FreezingArchRule.freeze(slices().matching("dev.mcphybrid.(*)..").should().beFreeOfCycles()).check(gateway);
    }
}
