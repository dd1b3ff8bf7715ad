package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void verifiesOnlyTheRightPassword() {
    String stored = PasswordHash.hash("s3cret pass", random);
    assertTrue(stored.startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$"), stored);
    assertTrue(PasswordHash.verify("s3cret pass", stored));
    assertFalse(PasswordHash.verify("s3cret pas", stored));
    assertFalse(PasswordHash.verify("", stored));
    assertFalse(PasswordHash.verify(null, stored));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(PasswordHash.hash("same", random), PasswordHash.hash("same", random));
  }

  @Test
  void refusesMalformedHashes() {
    for (String bad :
        new String[] {
          null, "", "plain", "pbkdf2-sha256$x$AAAA$AAAA", "md5$1$AAAA$AAAA", "pbkdf2-sha256$0$AA$AA"
        }) {
      assertFalse(PasswordHash.verify("pw", bad), String.valueOf(bad));
    }
  }

  @Test
  void generatesLongUnambiguousPasswords() {
    String p = PasswordHash.generate(random);
    assertEquals(24, p.length());
    assertTrue(p.chars().noneMatch(c -> "0O1lI".indexOf(c) >= 0), p);
  }
}
