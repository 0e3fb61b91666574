package io.ipamoperator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code src/main}: every dependency points down, from the observers (metrics, health) through the
 * reconcilers and the in-process index to the wire and identity types and the pure allocation core.
 */
class ArchitectureTest {

    private static final String ALLOCATION = "io.ipamoperator.allocation..";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ipamoperator");

    @Test
    void dependenciesPointDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Allocation core")
                .definedBy(ALLOCATION)
                .layer("Wire and identity")
                .definedBy("io.ipamoperator.api..", "io.ipamoperator.identity..")
                .layer("External IPAM clients")
                .definedBy("io.ipamoperator.netbox..")
                .layer("Runtime services")
                .definedBy(
                        "io.ipamoperator.runtime..",
                        "io.ipamoperator.leadership..",
                        "io.ipamoperator.events..",
                        "io.ipamoperator.webhook..")
                .layer("Index")
                .definedBy("io.ipamoperator.index..")
                .layer("Reconcilers")
                .definedBy(
                        "io.ipamoperator.pool..",
                        "io.ipamoperator.claim..",
                        "io.ipamoperator.machine..",
                        "io.ipamoperator.admission..",
                        "io.ipamoperator.conversion..")
                .layer("Observers")
                .definedBy("io.ipamoperator.monitoring..", "io.ipamoperator.health..", "io.ipamoperator.audit..")
                .layer("Local run")
                .definedBy("io.ipamoperator.localrun..")
                .whereLayer("Observers")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Local run")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Reconcilers")
                .mayOnlyBeAccessedByLayers("Observers")
                .whereLayer("Index")
                .mayOnlyBeAccessedByLayers("Reconcilers", "Observers")
                .whereLayer("Runtime services")
                .mayOnlyBeAccessedByLayers("Index", "Reconcilers", "Observers")
                .whereLayer("Wire and identity")
                .mayOnlyBeAccessedByLayers("Runtime services", "Index", "Reconcilers", "Observers", "Local run")
                .whereLayer("Allocation core")
                .mayOnlyBeAccessedByLayers("Wire and identity", "Index", "Reconcilers", "Observers")
                .whereLayer("External IPAM clients")
                .mayOnlyBeAccessedByLayers("Index", "Reconcilers", "Observers")
                .check(MAIN);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.ipamoperator.(**)").should().beFreeOfCycles().check(MAIN);
    }

    /** Kubernetes, the operator framework, Quarkus and its CDI, metrics and logging. */
    private static final String[] KUBERNETES_AND_FRAMEWORKS = {
        "io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..", "jakarta..", "io.micrometer..", "org.jboss.."
    };

    @Test
    void theAllocationCoreKnowsNoKubernetes() {
        noClasses()
                .that()
                .resideInAPackage(ALLOCATION)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(KUBERNETES_AND_FRAMEWORKS)
                .check(MAIN);
    }

    /** The NetBox client is plain Java (JDK HTTP client, Jackson): usable by the reconcilers and the audit alike. */
    @Test
    void theNetBoxClientKnowsNoKubernetesNorQuarkusNorOurOtherPackages() {
        noClasses()
                .that()
                .resideInAPackage("io.ipamoperator.netbox..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(KUBERNETES_AND_FRAMEWORKS)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.ipamoperator.allocation..",
                        "io.ipamoperator.api..",
                        "io.ipamoperator.identity..",
                        "io.ipamoperator.runtime..")
                .check(MAIN);
    }

    @Test
    void reconcilersDoNotReachIntoEachOther() {
        for (String one : new String[] {"pool", "claim", "machine", "admission", "conversion"}) {
            noClasses()
                    .that()
                    .resideInAPackage("io.ipamoperator." + one + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            java.util.stream.Stream.of("pool", "claim", "machine", "admission", "conversion")
                                    .filter(other -> !other.equals(one))
                                    .map(other -> "io.ipamoperator." + other + "..")
                                    .toArray(String[]::new))
                    .check(MAIN);
        }
    }
}
