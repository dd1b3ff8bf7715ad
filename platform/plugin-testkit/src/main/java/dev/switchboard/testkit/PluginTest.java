package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test method a fresh {@link PluginTestHost} as a parameter, closed after the test. Put
 * it on the test class; put it on a method as well to change the settings for that method.
 *
 * <pre>{@code
 * @PluginTest(pluginId = "hello", config = "{\"greeting\": \"Hi\"}")
 * class HelloChatHandlerTest {
 *   @Test
 *   void greets(PluginTestHost host) {
 *     assertEquals("Hi Ada", host.chat("Ada").result().message().content());
 *   }
 * }
 * }</pre>
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(SwitchboardPluginExtension.class)
public @interface PluginTest {

  /**
   * The plugin id, as in the jar's {@code Plugin-Id}.
   *
   * @return the id
   */
  String pluginId() default "test-plugin";

  /**
   * The plugin configuration every task gets, as a JSON object.
   *
   * @return JSON text
   */
  String config() default "{}";

  /**
   * The default deadline of each task, in milliseconds.
   *
   * @return milliseconds
   */
  long deadlineMillis() default 30_000;
}
