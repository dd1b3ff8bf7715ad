package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.api.chat.ChatHandler;
import dev.switchboard.api.classify.Classifier;
import dev.switchboard.api.retrieve.Retriever;
import dev.switchboard.testkit.sample.EchoChatHandler;
import dev.switchboard.testkit.sample.LengthClassifier;
import dev.switchboard.testkit.sample.MemoryRetriever;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample extensions reach the host only through the index PF4J's processor wrote. */
class ExtensionDiscoveryTest {

  @Test
  void findsEveryIndexedExtensionInOrdinalOrder() {
    try (PluginTestHost host = PluginTestHost.create()) {
      List<String> chatHandlers =
          host.extensions(ChatHandler.class).stream().map(ChatHandler::name).toList();
      assertEquals(List.of("echo", "model", "stubborn"), chatHandlers);
      assertEquals(2, host.extensions(Classifier.class).size());
      assertEquals(2, host.extensions(Retriever.class).size());
      assertInstanceOf(MemoryRetriever.class, host.extension(Retriever.class, "MemoryRetriever"));
    }
  }

  @Test
  void picksAnExtensionByName() {
    try (PluginTestHost host = PluginTestHost.create()) {
      assertInstanceOf(EchoChatHandler.class, host.extension(ChatHandler.class, "echo"));
      assertInstanceOf(LengthClassifier.class, host.extension(Classifier.class, "length"));
    }
  }

  @Test
  void explainsWhenTheChoiceIsAmbiguousOrEmpty() {
    try (PluginTestHost host = PluginTestHost.create()) {
      AssertionError several =
          assertThrows(AssertionError.class, () -> host.extension(ChatHandler.class));
      assertTrue(several.getMessage().contains("pick one by name"), several.getMessage());
      AssertionError none =
          assertThrows(AssertionError.class, () -> host.extension(ChatHandler.class, "nope"));
      assertTrue(none.getMessage().contains("extensions.idx"), none.getMessage());
    }
  }

  @Test
  void explicitExtensionsSkipDiscovery() {
    EchoChatHandler echo = new EchoChatHandler();
    try (PluginTestHost host = PluginTestHost.builder().extensions(echo).build()) {
      assertEquals(List.of(echo), host.extensions());
      assertSame(echo, host.extension(ChatHandler.class));
    }
  }

  @Test
  void aClassLoaderWithoutAnIndexFindsNothing() {
    ClassLoader empty = new ClassLoader(null) {};
    try (PluginTestHost host = PluginTestHost.builder().classLoader(empty).build()) {
      assertEquals(List.of(), host.extensions());
    }
  }
}
