package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.ApiStatus;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Outside authors read the testkit's stability like the plugin API's: every public type says it.
 */
class ApiStatusCoverageTest {

  @Test
  void everyPublicTypeIsAnnotated() throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes =
        Path.of(PluginTestHost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names =
          files
              .map(p -> classes.relativize(p).toString())
              .filter(n -> n.endsWith(".class") && !n.endsWith("package-info.class"))
              .map(n -> n.substring(0, n.length() - 6).replace('/', '.'))
              .toList();
    }
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (String name : names) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (Modifier.isPublic(type.getModifiers()) && !type.isSynthetic()) {
        checked++;
        if (!type.isAnnotationPresent(ApiStatus.class)) {
          missing.add(name);
        }
      }
    }
    assertTrue(checked > 10, "found only " + checked + " public types under " + classes);
    assertEquals(List.of(), missing, "public types without @ApiStatus");
  }
}
