package dev.switchboard.testkit;

import dev.switchboard.api.ApiStatus;
import dev.switchboard.api.SubTasks;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.classify.Classification;
import dev.switchboard.api.classify.ClassifyRequest;
import dev.switchboard.api.index.ChunkMatch;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.index.StoredChunk;
import dev.switchboard.api.retrieve.RetrieveRequest;
import dev.switchboard.api.retrieve.RetrievedChunk;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stands in for the server's router when a plugin runs a sub-task through {@link
 * dev.switchboard.api.TaskContext#subtasks()}. Retrieval searches the host's {@link
 * InMemoryDocumentIndex} by full text unless a test scripts it with {@link #retrieving}; there is
 * no classifier unless a test scripts one with {@link #classifying} ({@code UNAVAILABLE}, as on a
 * server without one). Every request is recorded.
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public final class FakeSubTasks implements SubTasks {

  private final DocumentIndex index;
  private final List<RetrieveRequest> retrievals = new CopyOnWriteArrayList<>();
  private final List<ClassifyRequest> classifications = new CopyOnWriteArrayList<>();
  private volatile Function<RetrieveRequest, Future<List<RetrievedChunk>>> retrieve;
  private volatile Function<ClassifyRequest, Future<List<Classification>>> classify;

  /**
   * Creates sub-tasks that retrieve from an index.
   *
   * @param index the index full-text retrieval searches
   */
  public FakeSubTasks(DocumentIndex index) {
    this.index = Objects.requireNonNull(index, "index");
    this.retrieve = this::searchIndex;
    this.classify =
        request ->
            Future.failedFuture(
                TaskException.unavailable(
                    "no plugin serves task classify; script one with FakeSubTasks.classifying"));
  }

  /**
   * Answers retrieval sub-tasks with this function instead of the index.
   *
   * @param script computes the chunks
   * @return this fake
   */
  public FakeSubTasks retrieving(Function<RetrieveRequest, Future<List<RetrievedChunk>>> script) {
    this.retrieve = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * Answers classification sub-tasks with this function.
   *
   * @param script computes one classification per input
   * @return this fake
   */
  public FakeSubTasks classifying(Function<ClassifyRequest, Future<List<Classification>>> script) {
    this.classify = Objects.requireNonNull(script, "script");
    return this;
  }

  /**
   * The retrieval sub-tasks run so far, in order.
   *
   * @return a snapshot
   */
  public List<RetrieveRequest> retrievals() {
    return List.copyOf(retrievals);
  }

  /**
   * The classification sub-tasks run so far, in order.
   *
   * @return a snapshot
   */
  public List<ClassifyRequest> classifications() {
    return List.copyOf(classifications);
  }

  @Override
  public Future<List<RetrievedChunk>> retrieve(RetrieveRequest request) {
    retrievals.add(request);
    return retrieve.apply(request);
  }

  @Override
  public Future<List<Classification>> classify(ClassifyRequest request) {
    classifications.add(request);
    return classify.apply(request);
  }

  private Future<List<RetrievedChunk>> searchIndex(RetrieveRequest request) {
    return index
        .searchText(request.collection(), request.query(), request.topK(), request.filter())
        .compose(
            matches -> {
              Map<String, Double> scores = new HashMap<>();
              List<String> ids = new ArrayList<>();
              for (ChunkMatch match : matches) {
                scores.put(match.chunkId(), match.score());
                ids.add(match.chunkId());
              }
              return index
                  .chunks(ids)
                  .map(
                      chunks -> {
                        List<RetrievedChunk> out = new ArrayList<>();
                        for (StoredChunk c : chunks) {
                          out.add(
                              new RetrievedChunk(
                                  c.documentId(),
                                  c.chunkId(),
                                  c.text(),
                                  scores.get(c.chunkId()),
                                  c.start(),
                                  c.end(),
                                  c.metadata()));
                        }
                        return out;
                      });
            });
  }
}
