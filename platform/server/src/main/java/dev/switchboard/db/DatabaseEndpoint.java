package dev.switchboard.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the database is and how to log in, in the two forms the server needs: a JDBC URL for Flyway
 * and connect options for the reactive pool.
 *
 * @param host the host
 * @param port the port
 * @param database the database name
 * @param user the user
 * @param password the password, may be empty; never logged
 */
public record DatabaseEndpoint(
    String host, int port, String database, String user, String password) {

  /**
   * Parses {@code postgresql://user:pass@host:port/db} (also {@code postgres://}) or {@code
   * jdbc:postgresql://host:port/db?user=..&password=..}.
   *
   * @param url the URL
   * @return the endpoint
   * @throws IllegalArgumentException when the URL is not one of those forms
   */
  public static DatabaseEndpoint parse(String url) {
    String raw = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    URI uri;
    try {
      uri = URI.create(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "DATABASE_URL must start with postgresql://, postgres:// or jdbc:postgresql://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DATABASE_URL has no host");
    }
    Map<String, String> query = query(uri.getRawQuery());
    String user = query.getOrDefault("user", System.getProperty("user.name"));
    String password = query.getOrDefault("password", "");
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : password;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.length() > 1 ? path.substring(1) : user;
    return new DatabaseEndpoint(
        uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, database, user, password);
  }

  /** The JDBC URL without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Options for the reactive pool. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  /** A description safe to log: no password. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "DatabaseEndpoint[" + describe() + "]";
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
