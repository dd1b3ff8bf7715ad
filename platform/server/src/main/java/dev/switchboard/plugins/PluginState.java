package dev.switchboard.plugins;

/** A plugin's state as the admin API shows it. */
public enum PluginState {
  /** Loaded, started and taking requests. */
  STARTED,
  /** Installed but switched off by an operator; its classes are unloaded. */
  DISABLED,
  /** Could not be loaded or started; the reason is recorded. */
  FAILED
}
