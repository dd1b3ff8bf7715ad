/**
 * Conformance suites: extend one in your plugin's tests to check that an extension behaves as the
 * server expects. Each suite creates a {@link dev.switchboard.testkit.PluginTestHost} per test;
 * override its {@code protected} methods to configure the host, pick an extension by name or supply
 * inputs that suit your plugin.
 */
package dev.switchboard.testkit.conformance;
