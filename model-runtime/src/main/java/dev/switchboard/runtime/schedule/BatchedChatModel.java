package dev.switchboard.runtime.schedule;

import dev.switchboard.runtime.ChatModelOptions;
import dev.switchboard.runtime.GenerationHandle;
import dev.switchboard.runtime.LocalChatModel;
import dev.switchboard.runtime.Msg;
import dev.switchboard.runtime.SamplingParams;
import dev.switchboard.runtime.SchedulerMetrics;
import dev.switchboard.runtime.llm.DecoderConfig;
import dev.switchboard.runtime.llm.KvCache;
import dev.switchboard.runtime.llm.LlamaDecoder;
import dev.switchboard.runtime.sampling.Sampler;
import dev.switchboard.runtime.sampling.Sampling;
import dev.switchboard.runtime.store.ModelFolder;
import dev.switchboard.runtime.text.ChatTemplate;
import dev.switchboard.runtime.text.GenerationConfig;
import dev.switchboard.runtime.text.StreamDecoder;
import dev.switchboard.runtime.text.TextTokenizer;
import dev.switchboard.runtime.text.ToolCalls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link LocalChatModel} over a {@link LlamaDecoder}: renders the chat template, tokenizes,
 * resolves sampling settings and hands the request to the model's {@link ContinuousBatchScheduler}.
 */
public final class BatchedChatModel implements LocalChatModel {
  private final String name;
  private final LlamaDecoder decoder;
  private final TextTokenizer tokenizer;
  private final ChatTemplate template;
  private final GenerationConfig generation;
  private final KvCache cache;
  private final ContinuousBatchScheduler scheduler;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Wires a loaded decoder into a scheduler. The KV cache gets {@code maxBatchSize} slots, each as
   * long as the budget allows (capped by context length and {@code maxSequenceLength}).
   */
  public BatchedChatModel(
      String name,
      ModelFolder folder,
      LlamaDecoder decoder,
      TextTokenizer tokenizer,
      ChatModelOptions o) {
    this.name = name;
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    this.template = ChatTemplate.load(folder.path());
    this.generation = GenerationConfig.load(folder.path());
    DecoderConfig c = decoder.config();
    int slots = Math.max(1, o.maxBatchSize());
    long perSlot = o.kvCacheBudgetBytes() / slots / c.kvBytesPerToken();
    int cap = decoder.maxPositions();
    if (o.maxSequenceLength() > 0) {
      cap = Math.min(cap, o.maxSequenceLength());
    }
    int maxLen = (int) Math.min(cap, perSlot);
    if (maxLen < 16) {
      throw new IllegalArgumentException(
          name
              + ": KV cache budget of "
              + o.kvCacheBudgetBytes()
              + " bytes leaves "
              + maxLen
              + " tokens per slot for "
              + slots
              + " slots; raise the budget or lower maxBatchSize");
    }
    this.cache = decoder.newCache(slots, maxLen);
    Set<Integer> eos = new LinkedHashSet<>(generation.eosTokenIds());
    if (folder.config().has("eos_token_id")) {
      eos.addAll(GenerationConfigAccess.ids(folder.config().get("eos_token_id")));
    }
    if (template != null) {
      int id = template.eosToken().isEmpty() ? -1 : tokenizer.tokenId(template.eosToken());
      if (id >= 0) {
        eos.add(id);
      }
    }
    this.scheduler =
        new ContinuousBatchScheduler(name, decoder, cache, o.maxQueue(), o.prefillChunk(), eos);
  }

  /** Token ids of the prompt the template renders for these messages. */
  public int[] promptIds(List<Msg> messages) {
    return promptIds(messages, List.of());
  }

  /** Token ids of the prompt the template renders for these messages and tools. */
  public int[] promptIds(List<Msg> messages, List<Map<String, Object>> tools) {
    long[] ids;
    if (template != null) {
      List<Map<String, Object>> msgs = new ArrayList<>();
      for (Msg m : messages) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", m.role());
        map.put("content", m.content());
        if (!m.toolCalls().isEmpty()) {
          map.put("tool_calls", m.toolCalls().stream().map(ToolCalls::templateForm).toList());
        }
        msgs.add(map);
      }
      ids = tokenizer.encode(template.render(msgs, true, tools), false);
    } else {
      StringBuilder sb = new StringBuilder();
      for (Msg m : messages) {
        sb.append(m.role()).append(": ").append(m.content()).append('\n');
      }
      sb.append("assistant: ");
      ids = tokenizer.encode(sb.toString(), true);
    }
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = (int) ids[i];
    }
    return out;
  }

  @Override
  public GenerationHandle generate(
      List<Msg> messages,
      List<Map<String, Object>> tools,
      SamplingParams params,
      Consumer<String> onText) {
    boolean withTools = tools != null && !tools.isEmpty();
    Sampling s;
    int[] prompt;
    try {
      s = Sampling.resolve(params == null ? SamplingParams.defaults() : params, generation);
      prompt = promptIds(messages, withTools ? tools : List.of());
    } catch (IllegalArgumentException e) {
      // bad parameters or a template that rejects the conversation: same channel as other failures
      return failed(e);
    }
    Sequence seq =
        new Sequence(
            prompt,
            s.maxTokens(),
            new Sampler(s, decoder.config().vocab(), prompt),
            new StreamDecoder(tokenizer, s.stop(), withTools ? List.of(ToolCalls.OPEN) : List.of()),
            onText,
            withTools);
    if (prompt.length == 0 || prompt.length >= cache.maxLen()) {
      seq.future.completeExceptionally(
          new IllegalArgumentException(
              "prompt of "
                  + prompt.length
                  + " tokens does not fit the context of "
                  + cache.maxLen()));
      return seq;
    }
    scheduler.submit(seq);
    return seq;
  }

  private static GenerationHandle failed(Throwable t) {
    java.util.concurrent.CompletableFuture<dev.switchboard.runtime.GenerationOutcome> f =
        java.util.concurrent.CompletableFuture.failedFuture(t);
    return new GenerationHandle() {
      @Override
      public java.util.concurrent.CompletableFuture<dev.switchboard.runtime.GenerationOutcome>
          result() {
        return f;
      }

      @Override
      public void cancel() {}
    };
  }

  @Override
  public int countTokens(List<Msg> messages) {
    return promptIds(messages).length;
  }

  @Override
  public int countTokens(List<Msg> messages, List<Map<String, Object>> tools) {
    return promptIds(messages, tools == null ? List.of() : tools).length;
  }

  @Override
  public int contextLength() {
    return cache.maxLen();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SchedulerMetrics metrics() {
    return scheduler.metrics();
  }

  /** The tokenizer (adapters count tokens with it). */
  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  /** The decoder (benchmarks read its weight size). */
  public LlamaDecoder decoder() {
    return decoder;
  }

  @Override
  public void close() {
    // native handles must be freed exactly once, and the runtime closes its models again on exit
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    scheduler.close();
    cache.close();
    decoder.close();
    tokenizer.close();
  }

  /** Access to the shared eos parsing without making it public API. */
  private static final class GenerationConfigAccess {
    static Set<Integer> ids(com.google.gson.JsonElement e) {
      Set<Integer> out = new LinkedHashSet<>();
      if (e == null || e.isJsonNull()) {
        return out;
      }
      if (e.isJsonArray()) {
        e.getAsJsonArray().forEach(x -> out.add(x.getAsInt()));
      } else {
        out.add(e.getAsInt());
      }
      return out;
    }
  }
}
