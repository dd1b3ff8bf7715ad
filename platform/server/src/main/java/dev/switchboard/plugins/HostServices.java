package dev.switchboard.plugins;

import dev.switchboard.api.chat.ConversationMemory;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.model.ModelCatalog;

/**
 * The host-owned services a plugin reaches through its {@link dev.switchboard.api.TaskContext}. A
 * null service makes the context answer with the plugin API's default (UNAVAILABLE).
 *
 * @param models the hosted models
 * @param documents the document index, or null
 * @param conversations the stored conversations, or null
 */
public record HostServices(
    ModelCatalog models, DocumentIndex documents, ConversationMemory conversations) {

  /** Only models. */
  public static HostServices of(ModelCatalog models) {
    return new HostServices(models, null, null);
  }
}
