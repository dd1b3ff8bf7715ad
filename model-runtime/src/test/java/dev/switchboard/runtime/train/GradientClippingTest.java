package dev.switchboard.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  @Test
  void scalesGradientsToTheNormLimitInPlace() {
    try (Model model = Model.newInstance("clip", ai.djl.Device.cpu(), "PyTorch")) {
      model.setBlock(Linear.builder().setUnits(3).build());
      try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()));
          NDManager scope = t.getManager().newSubManager()) {
        t.initialize(new Shape(4, 5));
        NDArray x = scope.randomNormal(new Shape(4, 5)).mul(100);
        NDArray y = scope.create(new long[] {0, 1, 2, 0});
        try (GradientCollector gc = t.newGradientCollector()) {
          gc.backward(t.getLoss().evaluate(new NDList(y), t.forward(new NDList(x))));
        }
        List<Parameter> params = ClassifierTrainer.parameters(model.getBlock());
        double before = ClassifierTrainer.clipGradients(params, 0.01f, scope);
        assertTrue(before > 0.01, "norm before " + before);
        double after = ClassifierTrainer.clipGradients(params, 1000f, scope);
        assertEquals(0.01, after, 1e-4);
      }
    }
  }
}
