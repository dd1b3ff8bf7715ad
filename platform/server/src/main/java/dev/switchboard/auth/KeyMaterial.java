package dev.switchboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A freshly minted API key: {@code sb_<prefix>_<secret>} with 32 bits of random prefix (shown in
 * listings so people can tell keys apart) and 256 bits of random secret. Only the SHA-256 of the
 * whole key is stored: the key carries enough entropy that a slow password hash would add cost on
 * every request and no safety.
 *
 * @param key the whole key; shown once, never stored or logged
 * @param prefix the public part, {@code sb_} and 8 hex digits
 * @param hash the hex SHA-256 of {@code key}, as stored
 */
public record KeyMaterial(String key, String prefix, String hash) {

  private static final Pattern SHAPE = Pattern.compile("sb_[0-9a-f]{8}_[0-9a-f]{64}");
  private static final int PREFIX_BYTES = 4;
  private static final int SECRET_BYTES = 32;
  private static final HexFormat HEX = HexFormat.of();

  /** Mints a key. */
  public static KeyMaterial generate(SecureRandom random) {
    byte[] prefixBytes = new byte[PREFIX_BYTES];
    byte[] secretBytes = new byte[SECRET_BYTES];
    random.nextBytes(prefixBytes);
    random.nextBytes(secretBytes);
    String prefix = "sb_" + HEX.formatHex(prefixBytes);
    String key = prefix + "_" + HEX.formatHex(secretBytes);
    return new KeyMaterial(key, prefix, HEX.formatHex(digest(key)));
  }

  /**
   * The prefix of a presented key, when it has the shape of one of ours; anything else is refused
   * before any lookup.
   */
  public static Optional<String> prefixOf(String presented) {
    if (presented == null || !SHAPE.matcher(presented).matches()) {
      return Optional.empty();
    }
    return Optional.of(presented.substring(0, 11));
  }

  /** The SHA-256 of a key. */
  public static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Decodes a stored hex hash. */
  static byte[] decodeHash(String hex) {
    return HEX.parseHex(hex);
  }

  /** Never prints the key: records would, and a stray log line must not leak it. */
  @Override
  public String toString() {
    return "KeyMaterial[prefix=" + prefix + "]";
  }
}
