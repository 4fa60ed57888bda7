package org.loanledger.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query side remembers and explains; it never reaches into the command side, and explanations read no clock. */
class QuerySideArchitectureTest {

    private static JavaClasses querySide;

    @BeforeAll
    static void importClasses() {
        querySide = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.loanledger.query");
    }

    @Test
    void theModuleIsImported() {
        assertThat(querySide.containPackage("org.loanledger.query.explanation")).isTrue();
        assertThat(querySide.size()).isGreaterThan(20);
    }

    @Test
    void neverDependsOnTheCommandSide() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.loanledger.command..").check(querySide);
    }

    @Test
    void explanationsAreBuiltWithoutAClockOrConfiguration() {
        noClasses().that().haveSimpleNameStartingWith("Explainer").or().haveSimpleName("Narratives")
                .or().haveSimpleName("RestrictionEpisodes").or().haveSimpleName("IntegrityCheck")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(querySide);
    }
}
