package dev.switchboard.plugins;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.routing.PluginIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An uploaded plugin file, checked before anything is loaded from it: a readable jar or zip, no
 * entry that escapes its folder, not too many entries, and a PF4J descriptor with a well-formed id
 * and a version. A jar carries the descriptor in its manifest; a zip in a root {@code
 * plugin.properties}.
 *
 * @param file the temporary file
 * @param extension {@code jar} or {@code zip}
 * @param pluginId the declared id
 * @param version the declared version
 * @param requires the declared Plugin-Requires, may be empty
 */
public record PluginUpload(
    Path file, String extension, String pluginId, String version, String requires) {

  private static final int MAX_ENTRIES = 20_000;

  /**
   * Inspects an uploaded file.
   *
   * @param file the uploaded bytes on disk
   * @param originalName the client's file name, used only for its extension
   * @return the checked upload
   * @throws TaskException {@code INVALID_INPUT} naming what is wrong
   */
  public static PluginUpload inspect(Path file, String originalName) {
    String name = originalName == null ? "" : originalName.toLowerCase(java.util.Locale.ROOT);
    String extension;
    if (name.endsWith(".jar")) {
      extension = "jar";
    } else if (name.endsWith(".zip")) {
      extension = "zip";
    } else {
      throw TaskException.invalid(
          "a plugin upload must be a .jar or .zip file, got '" + originalName + "'");
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      checkEntries(zip);
      Properties descriptor = extension.equals("jar") ? fromManifest(zip) : fromProperties(zip);
      String id = descriptor.getProperty("id", "").trim();
      String version = descriptor.getProperty("version", "").trim();
      if (id.isEmpty()) {
        throw TaskException.invalid("the plugin has no Plugin-Id in its descriptor");
      }
      if (!PluginIds.isValid(id)) {
        throw TaskException.invalid("Plugin-Id '" + id + "' must match " + PluginIds.PATTERN);
      }
      if (!version.matches("[0-9A-Za-z.+-]{1,64}")) {
        throw TaskException.invalid("plugin " + id + " needs a Plugin-Version like 1.2.3");
      }
      return new PluginUpload(
          file, extension, id, version, descriptor.getProperty("requires", "").trim());
    } catch (ZipException e) {
      throw TaskException.invalid("the upload is not a readable " + extension + " archive");
    } catch (IOException e) {
      throw new TaskException(ErrorCode.INTERNAL, "could not read the upload", e);
    }
  }

  private static void checkEntries(ZipFile zip) {
    int count = 0;
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      if (++count > MAX_ENTRIES) {
        throw TaskException.invalid("the archive has more than " + MAX_ENTRIES + " entries");
      }
      String n = entry.getName().replace('\\', '/');
      if (n.startsWith("/") || n.contains("../") || n.equals("..") || n.contains(":")) {
        throw TaskException.invalid(
            "the archive entry '" + entry.getName() + "' points outside the plugin");
      }
    }
  }

  private static Properties fromManifest(ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
    if (entry == null) {
      throw TaskException.invalid(
          "the jar has no META-INF/MANIFEST.MF with Plugin-Id and Plugin-Version");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      Attributes a = new Manifest(in).getMainAttributes();
      Properties p = new Properties();
      putIfPresent(p, "id", a.getValue("Plugin-Id"));
      putIfPresent(p, "version", a.getValue("Plugin-Version"));
      putIfPresent(p, "requires", a.getValue("Plugin-Requires"));
      return p;
    }
  }

  private static Properties fromProperties(ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry("plugin.properties");
    if (entry == null) {
      throw TaskException.invalid("the zip has no plugin.properties at its root");
    }
    try (InputStream in = zip.getInputStream(entry)) {
      Properties raw = new Properties();
      raw.load(in);
      Properties p = new Properties();
      putIfPresent(p, "id", raw.getProperty("plugin.id"));
      putIfPresent(p, "version", raw.getProperty("plugin.version"));
      putIfPresent(p, "requires", raw.getProperty("plugin.requires"));
      return p;
    }
  }

  private static void putIfPresent(Properties p, String key, String value) {
    if (value != null) {
      p.setProperty(key, value);
    }
  }
}
