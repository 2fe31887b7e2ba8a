package dev.patchbay.host.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a plugin project from the templates in this package's resource folder, replacing {@code {{name}}}
 * placeholders. Files are written 0600 and folders 0700, like everything Patchbay creates.
 */
public final class PluginProjectWriter {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PluginProjectWriter() {
    }

    /**
     * Generates the project {@code request} describes.
     *
     * @return the files written, relative to the project folder, in the order written
     * @throws TemplateException if the folder exists and is not empty, or cannot be written
     */
    public static List<Path> write(PluginProjectRequest request) {
        Path dir = request.dir();
        refuseNonEmpty(dir);
        Map<String, String> values = values(request);
        String main = "src/main/java/" + values.get("packagePath") + "/";
        String test = "src/test/java/" + values.get("packagePath") + "/";
        String name = request.className();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "pom.xml.tmpl");
        files.put("README.md", "README.md.tmpl");
        files.put(main + name + "Transport.java", "Transport.java.tmpl");
        files.put(main + name + "Acceptor.java", "Acceptor.java.tmpl");
        files.put(main + name + "Connector.java", "Connector.java.tmpl");
        files.put(main + "SocketStream.java", "SocketStream.java.tmpl");
        files.put(test + name + "ContractTest.java", "ContractTest.java.tmpl");
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                createFolders(target.getParent());
                Files.writeString(target, fill(template(file.getValue()), values), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(target, FILE);
                written.add(Path.of(file.getKey()));
            }
        } catch (IOException e) {
            throw new TemplateException("cannot write the project into " + dir + ": " + e.getMessage());
        }
        return written;
    }

    private static void refuseNonEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new TemplateException(dir + " exists and is not a folder; name a new or empty folder with --dir");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new TemplateException(dir + " is not empty; name a new or empty folder with --dir");
            }
        } catch (IOException e) {
            throw new TemplateException("cannot read " + dir + ": " + e.getMessage());
        }
    }

    private static Map<String, String> values(PluginProjectRequest request) {
        return Map.of("scheme", request.scheme(), "Name", request.className(), "package", request.javaPackage(),
                "packagePath", request.javaPackage().replace('.', '/'), "groupId", request.groupId(),
                "patchbayVersion", request.patchbayVersion(), "dir", request.dir().toString());
    }

    /** Creates the missing folders down to {@code folder}, each 0700 (createDirectories would leave them to umask). */
    private static void createFolders(Path folder) throws IOException {
        if (folder == null || Files.isDirectory(folder)) {
            return;
        }
        createFolders(folder.toAbsolutePath().getParent());
        Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER);
    }

    static String fill(String template, Map<String, String> values) {
        String text = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        int left = text.indexOf("{{");
        if (left >= 0) {
            throw new IllegalStateException("unknown placeholder in a plugin template: "
                    + text.substring(left, Math.min(text.length(), left + 40)));
        }
        return text;
    }

    private static String template(String name) {
        try (InputStream in = PluginProjectWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("plugin template " + name + " is missing from the host jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
