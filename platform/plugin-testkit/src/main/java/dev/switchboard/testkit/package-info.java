/**
 * Test a Switchboard plugin without the server. {@link dev.switchboard.testkit.PluginTestHost}
 * finds a plugin's extensions the way the server does and runs tasks against them with a fresh
 * {@link dev.switchboard.testkit.TestTaskContext}; {@link dev.switchboard.testkit.PluginTest} wires
 * a host into JUnit 5; {@link dev.switchboard.testkit.StreamAssertions} checks streamed output; the
 * {@code conformance} package holds suites every extension should pass.
 */
package dev.switchboard.testkit;
