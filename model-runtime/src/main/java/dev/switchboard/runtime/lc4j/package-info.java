/** LangChain4j ChatModel, StreamingChatModel and EmbeddingModel adapters over runtime models. */
package dev.switchboard.runtime.lc4j;
