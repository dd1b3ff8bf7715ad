package dev.switchboard.http;

import dev.switchboard.api.ErrorCode;
import dev.switchboard.api.TaskException;
import dev.switchboard.api.index.DocumentIndex;
import dev.switchboard.api.index.DocumentInfo;
import dev.switchboard.retrieval.ExtractedDocument;
import dev.switchboard.retrieval.TextExtractor;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.List;

/**
 * The documents of a collection: file uploads (text extracted here, in the host, then ingested by
 * the retriever like JSON documents), keyset-paginated listing, one document, deletion.
 */
final class CollectionHandlers {

  private static final String DOCUMENTS = "/api/v1/collections/:name/documents";
  private static final int MAX_FILES = 20;
  private static final int MAX_NAME = 255;

  private final DocumentIndex documents;
  private final TaskHandlers tasks;
  private final Path uploadsDir;
  private final long maxDocumentBytes;

  CollectionHandlers(
      DocumentIndex documents, TaskHandlers tasks, Path uploadsDir, long maxDocumentBytes) {
    this.documents = documents;
    this.tasks = tasks;
    this.uploadsDir = uploadsDir;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** The multipart route, mounted before the shared body handler (which drops file parts). */
  void mountUploads(Router router) {
    router
        .post(DOCUMENTS)
        .consumes("multipart/form-data")
        .handler(
            BodyHandler.create(uploadsDir.toString())
                .setBodyLimit(maxDocumentBytes * MAX_FILES)
                .setHandleFileUploads(true)
                .setDeleteUploadedFilesOnEnd(true))
        .handler(this::upload);
  }

  void mount(Router router) {
    router.get(DOCUMENTS).handler(this::list);
    router.get(DOCUMENTS + "/:id").handler(this::get);
    router.delete(DOCUMENTS + "/:id").handler(this::delete);
  }

  /**
   * One or more file parts; optional form fields {@code metadata} (a JSON object stored with every
   * file), {@code id} (the document id, for a single file; default the file name) and {@code
   * plugin}.
   */
  private void upload(RoutingContext ctx) {
    String collection = ctx.pathParam("name");
    List<FileUpload> files = ctx.fileUploads();
    if (files.isEmpty()) {
      throw TaskException.invalid("upload at least one file as a multipart/form-data part");
    }
    if (files.size() > MAX_FILES) {
      throw TaskException.invalid("upload at most " + MAX_FILES + " files per request");
    }
    JsonObject metadata = formJson(ctx.request().getFormAttribute("metadata"));
    String id = ctx.request().getFormAttribute("id");
    if (id != null && files.size() > 1) {
      throw TaskException.invalid("'id' names one document; upload one file with it");
    }
    for (FileUpload file : files) {
      String name = fileName(file);
      if (file.size() > maxDocumentBytes) {
        throw new TaskException(
            ErrorCode.TOO_LARGE,
            "document "
                + name
                + " is "
                + file.size()
                + " bytes; the limit is "
                + maxDocumentBytes
                + " (SWITCHBOARD_MAX_DOCUMENT_BYTES)");
      }
    }
    Future<JsonArray> extracted =
        ctx.vertx()
            .executeBlocking(
                () -> {
                  JsonArray docs = new JsonArray();
                  for (FileUpload file : files) {
                    String name = fileName(file);
                    ExtractedDocument doc =
                        TextExtractor.extract(
                            Path.of(file.uploadedFileName()), name, file.contentType());
                    JsonObject meta =
                        doc.metadata()
                            .copy()
                            .mergeIn(metadata)
                            .put("source", name)
                            .put("contentType", doc.contentType());
                    docs.add(
                        new JsonObject()
                            .put("id", id != null ? id : name)
                            .put("text", doc.text())
                            .put("metadata", meta));
                  }
                  return docs;
                },
                false);
    Future<JsonObject> ingested =
        extracted.compose(
            docs ->
                tasks
                    .submitIngest(
                        ctx, collection, docs, ctx.request().getFormAttribute("plugin"), null)
                    .map(result -> result.put("ids", ids(docs))));
    TaskHandlers.respond(ctx, ingested);
  }

  private static JsonArray ids(JsonArray docs) {
    JsonArray ids = new JsonArray();
    docs.forEach(d -> ids.add(((JsonObject) d).getString("id")));
    return ids;
  }

  /** The file's own name: browsers may send a path, and ids must be readable and bounded. */
  private static String fileName(FileUpload file) {
    String raw = file.fileName() == null ? "" : file.fileName();
    String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1).strip();
    if (name.isEmpty()) {
      throw TaskException.invalid("every uploaded file needs a file name");
    }
    if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw TaskException.invalid(
          "file name "
              + name
              + " is too long or has control characters (at most "
              + MAX_NAME
              + ")");
    }
    return name;
  }

  private static JsonObject formJson(String raw) {
    if (raw == null || raw.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(raw);
    } catch (DecodeException | ClassCastException e) {
      throw TaskException.invalid("form field 'metadata' must be a JSON object");
    }
  }

  /** {@code ?after=<cursor>&limit=N} → {@code {"items":[..],"next":cursor|null}}. */
  private void list(RoutingContext ctx) {
    String after = ctx.queryParams().get("after");
    String limit = ctx.queryParams().get("limit");
    TaskHandlers.respond(
        ctx,
        documents
            .list(
                ctx.pathParam("name"),
                after == null || after.isEmpty() ? null : after,
                limit == null || limit.isEmpty() ? 50 : Integer.parseInt(limit))
            .map(
                page -> {
                  JsonArray items = new JsonArray();
                  page.items().forEach(d -> items.add(d.toJson()));
                  return new JsonObject().put("items", items).put("next", page.next());
                }));
  }

  private void get(RoutingContext ctx) {
    TaskHandlers.respond(
        ctx, documents.get(ctx.pathParam("name"), ctx.pathParam("id")).map(DocumentInfo::toJson));
  }

  private void delete(RoutingContext ctx) {
    String collection = ctx.pathParam("name");
    String id = ctx.pathParam("id");
    documents
        .delete(collection, id)
        .onSuccess(
            deleted -> {
              if (deleted) {
                ctx.response().setStatusCode(204).end();
              } else {
                ctx.fail(
                    TaskException.notFound("collection " + collection + " has no document " + id));
              }
            })
        .onFailure(ctx::fail);
  }
}
