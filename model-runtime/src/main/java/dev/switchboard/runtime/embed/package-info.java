/**
 * The bundled all-MiniLM-L6-v2 (quantized ONNX from the LangChain4j jar) on ONNX Runtime with
 * batched tensors.
 */
package dev.switchboard.runtime.embed;
