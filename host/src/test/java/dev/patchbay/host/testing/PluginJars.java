package dev.patchbay.host.testing;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** The real plugin jars the build made, and broken variants of them written for a test. */
public final class PluginJars {
    private PluginJars() {
    }

    /** The distribution's plugins folder, filled by the plugin modules earlier in the build. */
    public static Path distPlugins() {
        Path dir = Path.of(System.getProperty("patchbay.dist", "../target/patchbay"), "plugins");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: build the plugins first (./mvnw package)");
        }
        return dir;
    }

    /** The built jar of plugin {@code id}, e.g. {@code fifo}. */
    public static Path built(String id) throws IOException {
        try (Stream<Path> files = Files.list(distPlugins())) {
            return files.filter(p -> p.getFileName().toString().startsWith(id + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + id + " plugin in " + distPlugins()));
        }
    }

    /** Copies a jar, changing manifest attributes (a null value removes the attribute). */
    public static Path withManifest(Path source, Path target, Map<String, String> changes) throws IOException {
        return rewrite(source, target, changes, null, Map.of());
    }

    /** Copies a jar without one entry. */
    public static Path without(Path source, Path target, String entry) throws IOException {
        return rewrite(source, target, Map.of(), entry, Map.of());
    }

    /** Copies a jar, adding entries. */
    public static Path plus(Path source, Path target, Map<String, byte[]> extra) throws IOException {
        return rewrite(source, target, Map.of(), null, extra);
    }

    private static Path rewrite(Path source, Path target, Map<String, String> changes, String drop,
                                Map<String, byte[]> extra) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(source))) {
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            changes.forEach((k, v) -> {
                if (v == null) {
                    main.remove(new Attributes.Name(k));
                } else {
                    main.putValue(k, v);
                }
            });
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    if (e.getName().equals(drop) || extra.containsKey(e.getName())) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
                for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                    out.putNextEntry(new JarEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
        }
        return TestTrust.trust(target);
    }

    /** Compiles one Java source file against the test class path and returns its class files by jar entry name. */
    public static Map<String, byte[]> compile(Path workDir, String className, String source) throws IOException {
        return compile(workDir, className, source, null);
    }

    /** As {@link #compile(Path, String, String)}, with {@code extra} (a plugin jar, say) on the class path too. */
    public static Map<String, byte[]> compile(Path workDir, String className, String source, Path extra)
            throws IOException {
        Path src = workDir.resolve("src").resolve(className.replace('.', '/') + ".java");
        Path classes = workDir.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String classPath = System.getProperty("java.class.path")
                + (extra == null ? "" : java.io.File.pathSeparator + extra);
        int status = javac.run(null, null, errors, "-proc:none", "-cp", classPath,
                "-d", classes.toString(), src.toString());
        if (status != 0) {
            throw new IllegalStateException("test plugin did not compile: " + errors);
        }
        Map<String, byte[]> out = new java.util.HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    out.put(classes.relativize(p).toString(), in.readAllBytes());
                }
            }
        }
        return out;
    }
}
