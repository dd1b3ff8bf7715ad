package dev.switchboard.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares how stable a public plugin-API type or member is, in the manner of JUnit's {@code @API}.
 * Every public type of the plugin API carries it; a member may narrow, never widen, the stability
 * of its type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@ApiStatus(value = ApiStatus.Status.STABLE, since = "0.1.0")
public @interface ApiStatus {

  /**
   * The stability level.
   *
   * @return the level, never null
   */
  Status value();

  /**
   * The plugin-API version in which the element reached this level.
   *
   * @return a semantic version such as {@code 0.1.0}
   */
  String since();

  /** Stability levels, from most to least dependable. */
  enum Status {
    /** Changes only in a new major version. */
    STABLE,
    /** Changes only in a new minor version, with a deprecation first. */
    MAINTAINED,
    /** May change in any release; feedback wanted. */
    EXPERIMENTAL,
    /** Not for plugins; public only for technical reasons. */
    INTERNAL
  }
}
