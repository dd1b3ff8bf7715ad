/** Llama-family decoder (llama, qwen2, mistral) on DJL NDArray ops with a slot-based KV cache. */
package dev.switchboard.runtime.llm;
