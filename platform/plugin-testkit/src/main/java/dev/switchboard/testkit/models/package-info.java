/**
 * Fake, deterministic model handles for plugin tests: a scripted chat model and a hashing embedding
 * model, served by {@link dev.switchboard.testkit.models.FakeModelCatalog}.
 */
package dev.switchboard.testkit.models;
