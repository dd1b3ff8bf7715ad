package dev.switchboard.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers the records use for their JSON round trip. */
@ApiStatus(value = ApiStatus.Status.INTERNAL, since = "0.1.0")
public final class Json {

  private Json() {}

  /**
   * Reads an array of strings.
   *
   * @param array the array, may be null
   * @return the strings, empty for null
   * @throws TaskException with {@link ErrorCode#INVALID_INPUT} when an element is not a string
   */
  public static List<String> strings(JsonArray array) {
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object value = array.getValue(i);
      if (!(value instanceof String s)) {
        throw TaskException.invalid("element " + i + " must be a string");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /**
   * Reads an array of objects with the given reader.
   *
   * @param array the array, may be null
   * @param reader turns one object into a record
   * @param <T> the record type
   * @return the records, empty for null
   * @throws TaskException with {@link ErrorCode#INVALID_INPUT} when an element is not an object
   */
  public static <T> List<T> objects(JsonArray array, Function<JsonObject, T> reader) {
    if (array == null) {
      return List.of();
    }
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object value = array.getValue(i);
      if (!(value instanceof JsonObject o)) {
        throw TaskException.invalid("element " + i + " must be an object");
      }
      out.add(reader.apply(o));
    }
    return List.copyOf(out);
  }

  /**
   * Writes records as a JSON array.
   *
   * @param items the records
   * @param writer turns one record into JSON
   * @param <T> the record type
   * @return a new array
   */
  public static <T> JsonArray array(List<T> items, Function<T, Object> writer) {
    JsonArray out = new JsonArray();
    for (T item : items) {
      out.add(writer.apply(item));
    }
    return out;
  }
}
