package dev.switchboard.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real PF4J plugin jar in a temp folder: compiles Java sources against the plugin API with
 * the JDK compiler, writes the manifest and {@code META-INF/extensions.idx}. The classes never
 * touch the test class path, so they load only through the plugin's own class loader.
 */
public final class PluginJarBuilder {

  private final String id;
  private String version = "1.0.0";
  private String requires = ">=0.1.0";
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> extensions = new ArrayList<>();

  private PluginJarBuilder(String id) {
    this.id = id;
  }

  public static PluginJarBuilder plugin(String id) {
    return new PluginJarBuilder(id);
  }

  public PluginJarBuilder version(String v) {
    this.version = v;
    return this;
  }

  public PluginJarBuilder requires(String r) {
    this.requires = r;
    return this;
  }

  /** Adds a class; {@code extension} marks it for extensions.idx. */
  public PluginJarBuilder source(String className, String code, boolean extension) {
    sources.put(className, code);
    if (extension) {
      extensions.add(className);
    }
    return this;
  }

  /** Compiles and writes {@code <dir>/<id>-<version>.jar}. */
  public Path build(Path dir) throws IOException {
    Path work = Files.createTempDirectory("plugin-src-");
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(classes);
    List<String> files = new ArrayList<>();
    for (var e : sources.entrySet()) {
      Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> args =
        new ArrayList<>(
            List.of(
                "-proc:none",
                "-nowarn",
                "--release",
                "17",
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString()));
    args.addAll(files);
    int rc = compiler.run(null, null, System.err, args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("test plugin " + id + " did not compile");
    }
    Manifest manifest = new Manifest();
    Attributes a = manifest.getMainAttributes();
    a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    a.putValue("Plugin-Id", id);
    a.putValue("Plugin-Version", version);
    if (requires != null) {
      a.putValue("Plugin-Requires", requires);
    }
    a.putValue("Plugin-Description", "test plugin " + id);
    Files.createDirectories(dir);
    Path jar = dir.resolve(id + "-" + version + ".jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jos = new JarOutputStream(out, manifest)) {
      jos.putNextEntry(new JarEntry("META-INF/extensions.idx"));
      jos.write(String.join("\n", extensions).getBytes(StandardCharsets.UTF_8));
      jos.closeEntry();
      try (Stream<Path> walk = Files.walk(classes)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          jos.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
          jos.write(Files.readAllBytes(p));
          jos.closeEntry();
        }
      }
    }
    return jar;
  }
}
