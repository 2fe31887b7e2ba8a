package dev.patchbay.host.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code patchbay plugins new} writes, read back from disk. That the result builds and passes the contract suite
 * is proved by CI (.ci/run builds a generated project against the installed artifacts).
 */
class PluginProjectWriterTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheProjectWithNamesVersionAndPackageSubstituted() throws Exception {
        Path dir = tmp.resolve("deep/uds");
        List<Path> files = PluginProjectWriter.write(PluginProjectRequest.of("uds", dir, "org.acme.uds", "org.acme",
                "0.1.0"));

        String main = "src/main/java/org/acme/uds/";
        assertThat(files).containsExactly(Path.of("pom.xml"), Path.of("README.md"),
                Path.of(main + "UdsTransport.java"), Path.of(main + "UdsAcceptor.java"),
                Path.of(main + "UdsConnector.java"), Path.of(main + "SocketStream.java"),
                Path.of("src/test/java/org/acme/uds/UdsContractTest.java"));
        String pom = Files.readString(dir.resolve("pom.xml"));
        assertThat(pom).contains("<artifactId>patchbay-plugins</artifactId>\n        <version>0.1.0</version>\n"
                        + "        <relativePath/>")
                .contains("<groupId>org.acme</groupId>").contains("<plugin.id>uds</plugin.id>")
                .contains("<version>1.0.0</version>").contains("<plugin.provider>");
        String transport = Files.readString(dir.resolve(main + "UdsTransport.java"));
        assertThat(transport).startsWith("package org.acme.uds;").contains("@Extension")
                .contains("public final class UdsTransport implements Transport")
                .contains("return \"uds\";");
        assertThat(Files.readString(dir.resolve("src/test/java/org/acme/uds/UdsContractTest.java")))
                .contains("class UdsContractTest extends TransportContractTest").contains("\"uds:c-\"");
        assertThat(Files.readString(dir.resolve("README.md"))).contains("patchbay plugins trust target/uds-1.0.0.jar")
                .contains("mvn verify").contains("-f " + dir + "/pom.xml");
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                String mode = Files.isDirectory(p) ? "rwx------" : "rw-------";
                assertThat(permissions(p)).as(p.toString()).isEqualTo(mode);
                if (Files.isRegularFile(p)) {
                    assertThat(read(p)).as(p + " has a placeholder left").doesNotContain("{{");
                }
            });
        }
    }

    @Test
    void defaultsToComExampleAndAFolderNamedAfterTheScheme() {
        PluginProjectRequest request = PluginProjectRequest.of("shmx2", null, null, null, "0.1.0");

        assertThat(request.dir()).isEqualTo(Path.of("patchbay-shmx2-plugin"));
        assertThat(request.groupId()).isEqualTo("com.example");
        assertThat(request.javaPackage()).isEqualTo("com.example.shmx2");
        assertThat(request.className()).isEqualTo("Shmx2");
    }

    @Test
    void refusesAFolderThatIsNotEmptyAndLeavesItAlone() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("busy"));
        Files.writeString(dir.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> PluginProjectWriter.write(PluginProjectRequest.of("uds", dir, null, null, "0.1.0")))
                .isInstanceOf(TemplateException.class).hasMessage(dir + " is not empty; name a new or empty folder"
                        + " with --dir");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(dir.resolve("notes.txt"));
        }
    }

    @Test
    void writesIntoAnEmptyFolder() {
        Path dir = tmp.resolve("empty");
        assertThat(dir.toFile().mkdir()).isTrue();

        assertThat(PluginProjectWriter.write(PluginProjectRequest.of("uds", dir, null, null, "0.1.0"))).hasSize(7);
        assertThat(dir.resolve("src/main/java/com/example/uds/UdsTransport.java")).isRegularFile();
    }

    @Test
    void refusesSchemesThatAreNotALowerCaseWord() {
        for (String bad : List.of("Uds", "1uds", "u-ds", "u.ds", "", "a".repeat(33))) {
            assertThatThrownBy(() -> PluginProjectRequest.of(bad, tmp.resolve("x"), null, null, "0.1.0"))
                    .as(bad).isInstanceOf(TemplateException.class).hasMessageContaining("is not a scheme word");
        }
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void refusesABadPackageGroupIdOrAnUnknownVersion() {
        assertThatThrownBy(() -> PluginProjectRequest.of("uds", tmp, "com.example.class", null, "0.1.0"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("not a Java package name");
        assertThatThrownBy(() -> PluginProjectRequest.of("uds", tmp, null, "com example", "0.1.0"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("not a Maven groupId");
        assertThatThrownBy(() -> PluginProjectRequest.of("uds", tmp, null, null, "(unknown version)"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("does not know its own release version");
    }

    @Test
    void aPlaceholderWithoutAValueIsAnError() {
        assertThat(PluginProjectWriter.fill("a {{x}} b", Map.of("x", "1"))).isEqualTo("a 1 b");
        assertThatThrownBy(() -> PluginProjectWriter.fill("a {{y}} b", Map.of("x", "1")))
                .hasMessageContaining("{{y}}");
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
