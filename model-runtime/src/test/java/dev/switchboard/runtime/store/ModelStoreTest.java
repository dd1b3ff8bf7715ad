package dev.switchboard.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path dir;

  @Test
  void createListFindRemove() {
    ModelStore store = new ModelStore(dir.resolve("models"));
    assertEquals(List.of(), store.list());
    store.createRandom("chat-tiny", "tiny", 1);
    store.createRandom("emb", "bert-mini", 1);
    store.createRandom("cls", "bert-mini-cls", 1);
    List<ModelStore.StoredModel> all = store.list();
    assertEquals(
        List.of("chat-tiny", "cls", "emb"),
        all.stream().map(ModelStore.StoredModel::name).toList());
    assertEquals(ModelStore.Kind.CHAT, store.find("chat-tiny").orElseThrow().kind());
    assertEquals(ModelStore.Kind.CLASSIFIER, store.find("cls").orElseThrow().kind());
    assertEquals(ModelStore.Kind.EMBEDDING, store.find("emb").orElseThrow().kind());
    assertTrue(store.find("emb").orElseThrow().random());
    assertTrue(store.find("emb").orElseThrow().bytes() > 1_000_000);
    assertThrows(IllegalStateException.class, () -> store.createRandom("emb", "tiny", 2));
    assertThrows(IllegalArgumentException.class, () -> store.folder("../etc"));
    assertThrows(IllegalArgumentException.class, () -> store.createRandom("x", "huge", 1));
    store.remove("emb");
    assertTrue(store.find("emb").isEmpty());
  }
}
