package dev.switchboard.plugins.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.PluginApi;
import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.testkit.PluginTestHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/** Checks the packaged jar the way the server reads it. */
class PluginJarIT {

  private static JarFile jar() throws IOException {
    return new JarFile(System.getProperty("plugin.jar"));
  }

  @Test
  void manifestDescribesThePlugin() throws IOException {
    try (JarFile jar = jar()) {
      Attributes manifest = jar.getManifest().getMainAttributes();
      assertEquals("hello", manifest.getValue("Plugin-Id"));
      assertEquals(
          System.getProperty("plugin.expectedVersion"), manifest.getValue("Plugin-Version"));
      assertEquals(
          System.getProperty("plugin.expectedRequires"), manifest.getValue("Plugin-Requires"));
      assertTrue(manifest.getValue("Plugin-Requires").startsWith(">="));
    }
  }

  @Test
  void indexListsBothExtensions() throws IOException {
    try (JarFile jar = jar()) {
      JarEntry index = jar.getJarEntry("META-INF/extensions.idx");
      String text;
      try (InputStream in = jar.getInputStream(index)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<String> classes =
          text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).sorted().toList();
      assertEquals(
          List.of(
              "dev.switchboard.plugins.hello.HelloChatHandler",
              "dev.switchboard.plugins.hello.HelloClassifier"),
          classes);
    }
  }

  @Test
  void bundlesOnlyItsOwnClasses() throws IOException {
    try (JarFile jar = jar()) {
      List<String> foreign =
          jar.stream()
              .map(JarEntry::getName)
              .filter(n -> n.endsWith(".class"))
              .filter(n -> !n.startsWith("dev/switchboard/plugins/hello/"))
              .collect(Collectors.toList());
      assertEquals(List.of(), foreign);
    }
  }

  @Test
  void loadsInPf4jAndServesThroughItsExtensions(@TempDir Path plugins) throws IOException {
    Path jarFile = Paths.get(System.getProperty("plugin.jar"));
    Files.copy(jarFile, plugins.resolve(jarFile.getFileName()));
    PluginManager manager = new JarPluginManager(plugins);
    // Without a system version PF4J ignores Plugin-Requires; the server sets it the same way.
    manager.setSystemVersion(PluginApi.VERSION);
    manager.loadPlugins();
    manager.startPlugins();
    try {
      assertEquals(PluginState.STARTED, manager.getPlugin("hello").getPluginState());
      List<ChatHandler> handlers = manager.getExtensions(ChatHandler.class, "hello");
      List<Classifier> classifiers = manager.getExtensions(Classifier.class, "hello");
      assertEquals(1, handlers.size());
      assertEquals(1, classifiers.size());
      // Loaded by the plugin's own class loader, as in the server.
      assertTrue(handlers.get(0).getClass().getClassLoader() != PluginJarIT.class.getClassLoader());

      try (PluginTestHost host =
          PluginTestHost.builder()
              .pluginId("hello")
              .extensions(handlers.get(0), classifiers.get(0))
              .build()) {
        assertEquals("Hello, Ada", host.chat("Ada").result().message().content());
        assertEquals("greeting", host.classify("hi").result().get(0).label());
      }
    } finally {
      // Per plugin: PF4J 3.15.0's stopPlugins() throws ConcurrentModificationException (#656).
      manager.stopPlugin("hello");
      manager.unloadPlugin("hello");
    }
  }
}
