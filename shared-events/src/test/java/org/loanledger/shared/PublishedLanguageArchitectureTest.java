package org.loanledger.shared;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published language is read by both sides and by auditors' tools; it must carry no framework runtime, only
 * the two Axon annotations that say how its messages are routed and versioned.
 */
class PublishedLanguageArchitectureTest {

    private static JavaClasses sharedEvents;

    @BeforeAll
    static void importClasses() {
        sharedEvents = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.loanledger.shared");
    }

    @Test
    void theModuleIsImported() {
        // Guards against a vacuous pass: the rules below must have classes to check.
        assertThat(sharedEvents.size()).isGreaterThan(30);
        assertThat(sharedEvents.containPackage("org.loanledger.shared.account")).isTrue();
    }

    @Test
    void dependsOnNoSpringMongoOrBson() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..")
                .check(sharedEvents);
    }

    @Test
    void usesNoAxonClassesButTheRoutingAndRevisionAnnotations() {
        noAxonRuntime().check(sharedEvents);
    }

    @Test
    void theAxonRuleWouldCatchAnAxonRuntimeDependency() {
        // The rule is only worth something if it fails on a class that uses Axon's runtime.
        JavaClasses offender = new ClassFileImporter().importClasses(UsesAxonRuntime.class);

        EvaluationResult result = noAxonRuntime().evaluate(offender);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("GenericEventMessage"));
    }

    private static ArchRule noAxonRuntime() {
        return noClasses().should().dependOnClassesThat(resideInAPackage("org.axonframework..")
                .and(not(type(Revision.class)))
                .and(not(type(TargetAggregateIdentifier.class))));
    }

    static class UsesAxonRuntime {
        Object wrap(Object payload) {
            return org.axonframework.eventhandling.GenericEventMessage.asEventMessage(payload);
        }
    }
}
