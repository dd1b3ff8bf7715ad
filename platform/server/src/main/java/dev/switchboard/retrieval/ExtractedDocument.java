package dev.switchboard.retrieval;

import io.vertx.core.json.JsonObject;

/**
 * The text of an uploaded file, ready to ingest.
 *
 * @param name the file name the document was uploaded as
 * @param contentType the media type it was read as
 * @param text the extracted text, not blank
 * @param metadata what the file says about itself (a title, a page count), never null
 */
public record ExtractedDocument(
    String name, String contentType, String text, JsonObject metadata) {}
