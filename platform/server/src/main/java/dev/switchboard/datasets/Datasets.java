package dev.switchboard.datasets;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The dataset services over one pool: the store (datasets, examples), versions, splits, exports.
 * Training jobs and eval runs read frozen examples through {@link #versions()}.
 */
public final class Datasets {

  private final Vertx vertx;
  private final DatasetStore store;
  private final DatasetVersions versions;
  private final SplitService splits;
  private final ExportStreamer exports;
  private final DuplicateService duplicates;
  private final Promotions promotions;

  public Datasets(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.store = new DatasetStore(pool);
    this.versions = new DatasetVersions(pool);
    this.splits = new SplitService(vertx, pool);
    this.exports = new ExportStreamer(pool);
    this.duplicates = new DuplicateService(vertx, pool);
    this.promotions = new Promotions(pool, store);
  }

  public Vertx vertx() {
    return vertx;
  }

  public DatasetStore store() {
    return store;
  }

  public DatasetVersions versions() {
    return versions;
  }

  public SplitService splits() {
    return splits;
  }

  public ExportStreamer exports() {
    return exports;
  }

  public DuplicateService duplicates() {
    return duplicates;
  }

  public Promotions promotions() {
    return promotions;
  }
}
