package dev.switchboard.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the operation of a request path: paths without parameters by one map lookup (the hot {@code
 * POST /api/v1/classify} among them), templated paths by their compiled patterns.
 */
final class OperationIndex {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");

  private final Map<String, Map<HttpMethod, OperationRules>> literal;
  private final List<Template> templates;

  private OperationIndex(
      Map<String, Map<HttpMethod, OperationRules>> literal, List<Template> templates) {
    this.literal = literal;
    this.templates = templates;
  }

  /** Compiles every operation of the contract. */
  static OperationIndex of(OpenAPIContract contract, OpenApiSpec spec) {
    Map<String, Map<HttpMethod, OperationRules>> literal = new HashMap<>();
    Map<String, Template> templates = new HashMap<>();
    for (Operation operation : contract.operations()) {
      String path = operation.getOpenAPIPath();
      OperationRules rules = OperationRules.of(contract, operation, spec);
      if (!path.contains("{")) {
        literal.computeIfAbsent(path, p -> new HashMap<>()).put(operation.getHttpMethod(), rules);
      } else {
        templates
            .computeIfAbsent(path, Template::of)
            .byMethod()
            .put(operation.getHttpMethod(), rules);
      }
    }
    return new OperationIndex(Map.copyOf(literal), List.copyOf(templates.values()));
  }

  /** The operation of {@code method path}, or null when the document has none. */
  Match find(HttpMethod method, String path) {
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    Map<HttpMethod, OperationRules> byPath = literal.get(p);
    if (byPath != null) {
      OperationRules rules = byPath.get(method);
      return rules == null ? null : new Match(rules, Map.of());
    }
    for (Template template : templates) {
      OperationRules rules = template.byMethod().get(method);
      if (rules == null || !p.startsWith(template.prefix())) {
        continue;
      }
      Matcher m = template.pattern().matcher(p);
      if (m.matches()) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.names().size(); i++) {
          params.put(template.names().get(i), decode(m.group(i + 1)));
        }
        return new Match(rules, params);
      }
    }
    return null;
  }

  /** Percent-decoding as the router does for path parameters ({@code +} stays a plus). */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  /** An operation and the values of its path parameters. */
  record Match(OperationRules rules, Map<String, String> pathParams) {}

  /** A templated path: the literal text before its first parameter, checked before the pattern. */
  private record Template(
      String prefix,
      Pattern pattern,
      List<String> names,
      Map<HttpMethod, OperationRules> byMethod) {

    static Template of(String path) {
      Matcher m = PLACEHOLDER.matcher(path);
      StringBuilder regex = new StringBuilder();
      List<String> names = new ArrayList<>();
      int last = 0;
      while (m.find()) {
        regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
        names.add(m.group(1));
        last = m.end();
      }
      regex.append(Pattern.quote(path.substring(last)));
      return new Template(
          path.substring(0, path.indexOf('{')),
          Pattern.compile(regex.toString()),
          List.copyOf(names),
          new HashMap<>());
    }
  }
}
