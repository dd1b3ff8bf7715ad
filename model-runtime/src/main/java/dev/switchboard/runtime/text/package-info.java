/**
 * Text in and out: tokenizer.json via DJL tokenizers, Jinjava chat templates,
 * generation_config.json defaults, streaming detokenization with stop sequences.
 */
package dev.switchboard.runtime.text;
