package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link PluginTest}: it resolves {@link PluginTestHost} parameters of
 * test methods (and of their {@code @BeforeEach}/{@code @AfterEach} methods, which share the same
 * host) and closes the host after each test. Use it directly with
 * {@code @ExtendWith(SwitchboardPluginExtension.class)} to get the default settings.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class SwitchboardPluginExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SwitchboardPluginExtension.class);

  /** Creates the extension; JUnit does this. */
  public SwitchboardPluginExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PluginTestHost.class
        && context.getTestMethod().isPresent();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    PluginTestHost host = store.get(PluginTestHost.class, PluginTestHost.class);
    if (host == null) {
      host = create(settings(context));
      store.put(PluginTestHost.class, host);
    }
    return host;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PluginTestHost host =
        context.getStore(NAMESPACE).remove(PluginTestHost.class, PluginTestHost.class);
    if (host != null) {
      host.close();
    }
  }

  // The method's annotation wins over the class's, and an inner class's over its outer class's.
  private static Optional<PluginTest> settings(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isPresent()) {
        Optional<PluginTest> found = AnnotationSupport.findAnnotation(element, PluginTest.class);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static PluginTestHost create(Optional<PluginTest> settings) {
    PluginTestHost.Builder builder = PluginTestHost.builder();
    if (settings.isPresent()) {
      PluginTest test = settings.get();
      JsonObject config;
      try {
        config = new JsonObject(test.config());
      } catch (DecodeException e) {
        throw new ExtensionConfigurationException(
            "@PluginTest(config) is not a JSON object: " + test.config(), e);
      }
      builder
          .pluginId(test.pluginId())
          .config(config)
          .deadline(Duration.ofMillis(test.deadlineMillis()));
    }
    return builder.build();
  }
}
