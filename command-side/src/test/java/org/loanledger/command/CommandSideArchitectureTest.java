package org.loanledger.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The command side decides; it never reaches into the query side, and its decisions carry no framework. */
class CommandSideArchitectureTest {

    private static JavaClasses commandSide;

    @BeforeAll
    static void importClasses() {
        commandSide = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.loanledger.command");
    }

    @Test
    void theModuleIsImported() {
        assertThat(commandSide.containPackage("org.loanledger.command.account")).isTrue();
        assertThat(commandSide.size()).isGreaterThan(20);
    }

    @Test
    void neverDependsOnTheQuerySide() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.loanledger.query..").check(commandSide);
    }

    @Test
    void theDecisionsArePure() {
        noClasses().that().haveSimpleName("LoanAccountDecider")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                        "java.sql..", "javax.sql..", "java.io..", "java.net..")
                .check(commandSide);
    }
}
