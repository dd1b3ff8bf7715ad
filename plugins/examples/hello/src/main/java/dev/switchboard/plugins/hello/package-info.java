/**
 * The example plugin {@code hello}: a chat handler that greets and a keyword classifier. Copy it to
 * start your own plugin.
 */
package dev.switchboard.plugins.hello;
