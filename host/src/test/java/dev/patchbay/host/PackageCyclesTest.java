package dev.patchbay.host;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Host packages depend on each other one way: a cycle (as {@code Patchbay} with the patch watcher and the control
 * server, or {@code module} with {@code natives}, once were) means neither side can be understood or changed alone.
 * Every package is its own slice, the host's root package too.
 */
@AnalyzeClasses(packages = "dev.patchbay.host", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("dev.patchbay.(**)").should().beFreeOfCycles();
}
