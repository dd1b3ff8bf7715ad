package dev.switchboard.plugins;

import dev.switchboard.api.PluginApi;
import java.nio.file.Path;
import java.util.List;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.CompoundPluginRepository;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginStatusProvider;
import org.pf4j.RuntimeMode;

/**
 * PF4J configured for the host: the plugin API version is the system version (so {@code
 * Plugin-Requires} is enforced), shared packages load parent-first, and the host — not PF4J's
 * enabled.txt files — decides which plugins are enabled, loading plugins one path at a time.
 */
final class SwitchboardPluginManager extends DefaultPluginManager {

  SwitchboardPluginManager() {
    super(List.of());
    setSystemVersion(PluginApi.VERSION);
  }

  @Override
  public RuntimeMode getRuntimeMode() {
    return RuntimeMode.DEPLOYMENT;
  }

  @Override
  protected PluginRepository createPluginRepository() {
    return new CompoundPluginRepository();
  }

  @Override
  protected PluginStatusProvider createPluginStatusProvider() {
    return new PluginStatusProvider() {
      @Override
      public boolean isPluginDisabled(String pluginId) {
        return false;
      }

      @Override
      public void disablePlugin(String pluginId) {}

      @Override
      public void enablePlugin(String pluginId) {}
    };
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new CompoundPluginLoader()
        .add(
            new JarPluginLoader(this) {
              @Override
              protected PluginClassLoader createPluginClassLoader(
                  Path path, PluginDescriptor descriptor) {
                return new SharedFirstClassLoader(pluginManager, descriptor, hostLoader());
              }
            })
        .add(
            new DefaultPluginLoader(this) {
              @Override
              protected PluginClassLoader createPluginClassLoader(
                  Path path, PluginDescriptor descriptor) {
                return new SharedFirstClassLoader(pluginManager, descriptor, hostLoader());
              }
            });
  }

  /** Checks a plugin's Plugin-Requires against the API version; true when blank. */
  boolean satisfiesRequires(String requires) {
    if (requires == null || requires.isBlank() || requires.equals("*")) {
      return true;
    }
    String expression =
        requires.trim().matches("^\\d+\\.\\d+\\.\\d+$") ? ">=" + requires.trim() : requires.trim();
    return getVersionManager().checkVersionConstraint(getSystemVersion(), expression);
  }

  /** Reads a plugin file's descriptor without loading it. */
  PluginDescriptor describe(Path path) {
    return getPluginDescriptorFinder().find(path);
  }

  private static ClassLoader hostLoader() {
    return SwitchboardPluginManager.class.getClassLoader();
  }
}
