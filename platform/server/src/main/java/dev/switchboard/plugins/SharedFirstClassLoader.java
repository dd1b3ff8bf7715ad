package dev.switchboard.plugins;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin class loader that takes the packages shared with the host from the host, whatever the
 * plugin bundles. Two copies of Vert.x or the plugin API would break type identity across the event
 * bus, and native libraries (DJL, ONNX Runtime) can only be loaded once per JVM.
 */
final class SharedFirstClassLoader extends PluginClassLoader {

  /** Packages that always come from the host. */
  static final List<String> SHARED_PACKAGES =
      List.of(
          "dev.switchboard.api.",
          "org.pf4j.",
          "io.vertx.",
          "io.netty.",
          "dev.langchain4j.",
          "ai.djl.",
          "ai.onnxruntime.",
          "org.slf4j.",
          "com.fasterxml.jackson.");

  static {
    ClassLoader.registerAsParallelCapable();
  }

  SharedFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
    super(manager, descriptor, parent);
  }

  @Override
  protected boolean shouldDelegateToParent(String className) {
    if (className.startsWith("org.pf4j.test")) {
      return false;
    }
    for (String prefix : SHARED_PACKAGES) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
