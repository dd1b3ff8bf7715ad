package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void aKeyIsPrefixPlus256RandomBitsAndOnlyItsHashIsKept() {
    KeyMaterial k = KeyMaterial.generate(random);
    assertTrue(k.key().matches("sb_[0-9a-f]{8}_[0-9a-f]{64}"), k.prefix());
    assertEquals(k.key().substring(0, 11), k.prefix());
    assertArrayEquals(KeyMaterial.digest(k.key()), HexFormat.of().parseHex(k.hash()));
    assertEquals(Optional.of(k.prefix()), KeyMaterial.prefixOf(k.key()));
  }

  @Test
  void keysDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.add(KeyMaterial.generate(random).key()));
    }
  }

  @Test
  void anythingNotShapedLikeAKeyIsRefusedBeforeLookup() {
    KeyMaterial k = KeyMaterial.generate(random);
    assertFalse(KeyMaterial.prefixOf(null).isPresent());
    assertFalse(KeyMaterial.prefixOf("").isPresent());
    assertFalse(KeyMaterial.prefixOf(k.key() + "0").isPresent());
    assertFalse(KeyMaterial.prefixOf(k.key().toUpperCase()).isPresent());
    assertFalse(KeyMaterial.prefixOf("sk-demo").isPresent());
  }

  @Test
  void printingNeverShowsTheKey() {
    KeyMaterial k = KeyMaterial.generate(random);
    assertFalse(k.toString().contains(k.key()));
    assertFalse(k.toString().contains(k.key().substring(12)));
    IssuedKey issued =
        new IssuedKey(
            new ApiKey("id", "n", k.prefix(), Set.of(Scope.CHAT), null, null, null, null), k.key());
    assertFalse(issued.toString().contains(k.key().substring(12)));
    assertNotEquals(k.key(), k.hash());
  }
}
