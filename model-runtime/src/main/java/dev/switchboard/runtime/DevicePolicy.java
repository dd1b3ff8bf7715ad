package dev.switchboard.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;

/**
 * Where models run: CUDA (float16) when DJL's PyTorch engine sees a GPU, otherwise CPU (float32).
 * The system property {@code switchboard.device=cpu} forces the CPU.
 *
 * @param device the DJL device
 * @param dataType the type weights are stored in on that device
 */
public record DevicePolicy(Device device, DataType dataType) {

  /** Detects the device once. */
  public static DevicePolicy detect() {
    boolean forceCpu = "cpu".equalsIgnoreCase(System.getProperty("switchboard.device", ""));
    int gpus = forceCpu ? 0 : Engine.getEngine("PyTorch").getGpuCount();
    return gpus > 0
        ? new DevicePolicy(Device.gpu(), DataType.FLOAT16)
        : new DevicePolicy(Device.cpu(), DataType.FLOAT32);
  }

  /** Human-readable summary, such as {@code cpu/float32}. */
  public String describe() {
    return device + "/" + dataType;
  }
}
