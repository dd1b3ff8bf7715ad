package dev.switchboard.testkit;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pf4j.Extension;
import org.pf4j.ExtensionPoint;
import org.pf4j.IndexedExtensionFinder;
import org.pf4j.processor.ExtensionStorage;

/**
 * Finds extensions as PF4J's {@link IndexedExtensionFinder} does: every {@code
 * META-INF/extensions.idx} the annotation processor wrote, read with PF4J's own parser, each class
 * created through its no-argument constructor and ordered by {@link Extension#ordinal()}. Reading
 * the index rather than scanning for annotations means a test fails exactly when the server would
 * not see an extension, for example when annotation processing is switched off.
 */
final class ExtensionDiscovery {

  private ExtensionDiscovery() {}

  static List<Object> discover(ClassLoader loader) {
    Set<String> classNames = new LinkedHashSet<>();
    try {
      Enumeration<URL> indexes = loader.getResources(IndexedExtensionFinder.EXTENSIONS_RESOURCE);
      while (indexes.hasMoreElements()) {
        URL index = indexes.nextElement();
        try (Reader reader = new InputStreamReader(index.openStream(), StandardCharsets.UTF_8)) {
          ExtensionStorage.read(reader, classNames);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + IndexedExtensionFinder.EXTENSIONS_RESOURCE, e);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String className : classNames) {
      classes.add(load(className, loader));
    }
    classes.sort(Comparator.comparingInt(ExtensionDiscovery::ordinal));
    List<Object> extensions = new ArrayList<>();
    for (Class<?> type : classes) {
      extensions.add(instantiate(type));
    }
    return extensions;
  }

  private static Class<?> load(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "extensions.idx names " + className + " but it is not on the class path", e);
    }
    if (!ExtensionPoint.class.isAssignableFrom(type)) {
      throw new IllegalStateException(
          className + " is annotated @Extension but implements no extension point");
    }
    return type;
  }

  private static int ordinal(Class<?> type) {
    Extension extension = type.getAnnotation(Extension.class);
    return extension == null ? 0 : extension.ordinal();
  }

  static Object instantiate(Class<?> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "extension " + type.getName() + " needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "extension " + type.getName() + " failed in its constructor", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create extension " + type.getName(), e);
    }
  }
}
