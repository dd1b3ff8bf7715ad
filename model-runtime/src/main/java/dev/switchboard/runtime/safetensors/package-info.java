/**
 * Our own safetensors reader and writer: memory-mapped, sharded, F32/F16/BF16 widened in Java (DJL
 * 0.35 crashes on BF16), clear errors naming file and tensor.
 */
package dev.switchboard.runtime.safetensors;
