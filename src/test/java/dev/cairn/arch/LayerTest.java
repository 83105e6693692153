package dev.cairn.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package layers of DESIGN.md section 3: a package may use the layers below it, never above. */
class LayerTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cairn");

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.cairn.cli..")
                .layer("app").definedBy("dev.cairn.app..")
                .layer("workspace").definedBy("dev.cairn.workspace..")
                .layer("pipeline").definedBy("dev.cairn.pipeline..")
                .layer("transfer").definedBy("dev.cairn.transfer..")
                .layer("manifest").definedBy("dev.cairn.manifest..")
                .layer("odb").definedBy("dev.cairn.odb..")
                .layer("git").definedBy("dev.cairn.git..")
                .layer("repo").definedBy("dev.cairn.repo..")
                .layer("hash").definedBy("dev.cairn.hash..")
                .layer("storage").definedBy("dev.cairn.storage..")
                .layer("progress").definedBy("dev.cairn.progress..")
                .layer("util").definedBy("dev.cairn.util..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("workspace").mayOnlyBeAccessedByLayers("cli", "app")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli", "app")
                .whereLayer("transfer").mayOnlyBeAccessedByLayers("cli", "app")
                .whereLayer("manifest").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer")
                .whereLayer("odb").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest")
                .whereLayer("git").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest", "odb")
                .whereLayer("repo").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest", "odb", "git")
                .whereLayer("hash").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest", "odb", "git", "repo")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest", "odb", "git", "repo", "hash")
                .whereLayer("progress").mayOnlyBeAccessedByLayers("cli", "app", "workspace", "pipeline", "transfer", "manifest", "odb", "git", "repo", "hash", "storage")
                .withOptionalLayers(true)
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.cairn.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheCommandLinePrints() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideOutsideOfPackage("dev.cairn.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(CLASSES);
    }
}
