package dev.switchboard.api.index;

import dev.switchboard.api.ApiStatus;
import java.util.List;

/**
 * One page of a collection's documents.
 *
 * @param items the documents, in id order
 * @param next the cursor for the next page, or null on the last page
 */
@ApiStatus(value = ApiStatus.Status.EXPERIMENTAL, since = "0.1.0")
public record DocumentPage(List<DocumentInfo> items, String next) {

  /**
   * Copies the list.
   *
   * @param items the documents
   * @param next the cursor
   */
  public DocumentPage {
    items = List.copyOf(items);
  }
}
