/**
 * Model folders in Hugging Face layout: config.json, the model store, random checkpoints with
 * generated tokenizers, and the hub downloader.
 */
package dev.switchboard.runtime.store;
