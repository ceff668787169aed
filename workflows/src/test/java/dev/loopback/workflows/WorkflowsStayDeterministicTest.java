package dev.loopback.workflows;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.loopback.workflows.tokens.TokenHygieneWorkflowImpl;
import io.temporal.workflow.WorkflowInterface;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import half of "workflows/ is deterministic" (the enforcer plugin keeps Spring, JDBC and
 * Netty off the classpath): workflow code must replay to the same commands, so it may not read
 * the clock, sleep, draw randomness, log through SLF4J directly or touch files and sockets.
 */
class WorkflowsStayDeterministicTest {

  private static final String WORKFLOWS = "dev.loopback.workflows..";

  private static final ArchRule NO_SPRING_JDBC_OR_NETTY = noClasses().that().resideInAPackage(WORKFLOWS)
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.springframework..", "java.sql..", "javax.sql..", "io.netty..")
      .because("workflow code is replayed from its history on every worker; side effects belong in activities")
      .allowEmptyShould(false);

  private static final ArchRule NO_FILES_OR_SOCKETS = noClasses().that().resideInAPackage(WORKFLOWS)
      .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..")
      .orShould().dependOnClassesThat().belongToAnyOf(
          File.class, FileInputStream.class, FileOutputStream.class, FileReader.class, FileWriter.class,
          RandomAccessFile.class)
      .because("I/O does not replay; it belongs in activities")
      .allowEmptyShould(false);

  private static final ArchRule NO_SLF4J_LOGGER_FACTORY = noClasses().that().resideInAPackage(WORKFLOWS)
      .should().dependOnClassesThat().haveFullyQualifiedName("org.slf4j.LoggerFactory")
      .because("Workflow.getLogger stays quiet during replay; a LoggerFactory logger logs every replay again")
      .allowEmptyShould(false);

  private static final ArchRule NO_WALL_CLOCK_OR_SLEEP = noClasses().that().resideInAPackage(WORKFLOWS)
      .should().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethodWhere(nowInJavaTime())
      .orShould().callMethodWhere(threadSleep())
      .because("time must come from Workflow.currentTimeMillis and waits from Workflow.sleep to replay identically")
      .allowEmptyShould(false);

  private static final ArchRule NO_UNREPLAYABLE_RANDOMNESS = noClasses().that().resideInAPackage(WORKFLOWS)
      .should().callMethod(UUID.class, "randomUUID")
      .orShould().callMethod(Math.class, "random")
      .because("Workflow.randomUUID and Workflow.newRandom are seeded so replay draws the same values")
      .allowEmptyShould(false);

  private static final ArchRule WORKFLOW_IMPLS_IMPLEMENT_A_WORKFLOW_INTERFACE = classes()
      .that().resideInAPackage(WORKFLOWS).and().haveSimpleNameEndingWith("WorkflowImpl")
      .should(implementAnInterfaceAnnotatedWith(WorkflowInterface.class))
      .because("Temporal registers an implementation by its @WorkflowInterface, which names the workflow type")
      .allowEmptyShould(false);

  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.loopback.workflows");

  static Stream<Named<ArchRule>> rules() {
    return Stream.of(
        Named.of("no Spring, JDBC or Netty", NO_SPRING_JDBC_OR_NETTY),
        Named.of("no files or sockets", NO_FILES_OR_SOCKETS),
        Named.of("no SLF4J LoggerFactory", NO_SLF4J_LOGGER_FACTORY),
        Named.of("no wall clock or sleep", NO_WALL_CLOCK_OR_SLEEP),
        Named.of("no unreplayable randomness", NO_UNREPLAYABLE_RANDOMNESS),
        Named.of("every WorkflowImpl implements a @WorkflowInterface", WORKFLOW_IMPLS_IMPLEMENT_A_WORKFLOW_INTERFACE));
  }

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(DeterminismViolations.UsesJdbc.class, NO_SPRING_JDBC_OR_NETTY),
        Arguments.of(DeterminismViolations.ReadsAFile.class, NO_FILES_OR_SOCKETS),
        Arguments.of(DeterminismViolations.LogsThroughSlf4j.class, NO_SLF4J_LOGGER_FACTORY),
        Arguments.of(DeterminismViolations.CallsInstantNow.class, NO_WALL_CLOCK_OR_SLEEP),
        Arguments.of(DeterminismViolations.CallsCurrentTimeMillis.class, NO_WALL_CLOCK_OR_SLEEP),
        Arguments.of(DeterminismViolations.SleepsTheThread.class, NO_WALL_CLOCK_OR_SLEEP),
        Arguments.of(DeterminismViolations.DrawsAUuid.class, NO_UNREPLAYABLE_RANDOMNESS),
        Arguments.of(DeterminismViolations.OrphanWorkflowImpl.class, WORKFLOW_IMPLS_IMPLEMENT_A_WORKFLOW_INTERFACE));
  }

  @Test
  void importsTheMainWorkflowClassesAndNoTestClasses() {
    assertThat(MAIN_CLASSES.contain(TokenHygieneWorkflowImpl.class)).isTrue();
    assertThat(MAIN_CLASSES.stream().map(JavaClass::getName))
        .noneMatch(name -> name.startsWith(WorkflowsStayDeterministicTest.class.getName()))
        .noneMatch(name -> name.startsWith(DeterminismViolations.class.getName()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void mainWorkflowCodeKeepsTheRule(ArchRule rule) {
    rule.check(MAIN_CLASSES);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("violations")
  void rulesCatchAClassThatBreaksThem(Class<?> violation, ArchRule rule) {
    assertThat(rule.evaluate(new ClassFileImporter().importClasses(violation)).hasViolation())
        .as("%s breaks: %s", violation.getSimpleName(), rule.getDescription())
        .isTrue();
  }

  /** Instant.now(), LocalDate.now(), ZonedDateTime.now(...) and the rest: all read the wall clock. */
  private static DescribedPredicate<JavaMethodCall> nowInJavaTime() {
    return DescribedPredicate.describe("java.time.*.now(..)",
        call -> call.getName().equals("now") && call.getTargetOwner().getPackageName().equals("java.time"));
  }

  private static DescribedPredicate<JavaMethodCall> threadSleep() {
    return DescribedPredicate.describe("Thread.sleep(..)",
        call -> call.getName().equals("sleep") && call.getTargetOwner().isEquivalentTo(Thread.class));
  }

  private static ArchCondition<JavaClass> implementAnInterfaceAnnotatedWith(Class<WorkflowInterface> annotation) {
    return new ArchCondition<>("implement an interface annotated with @" + annotation.getSimpleName()) {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        boolean implemented = javaClass.getAllRawInterfaces().stream().anyMatch(i -> i.isAnnotatedWith(annotation));
        events.add(new SimpleConditionEvent(javaClass, implemented,
            javaClass.getName() + (implemented ? " implements" : " does not implement")
                + " an interface annotated with @" + annotation.getSimpleName()));
      }
    };
  }
}
