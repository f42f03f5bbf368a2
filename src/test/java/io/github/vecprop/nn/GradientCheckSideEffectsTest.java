package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What a check leaves behind in a network with BatchNorm and Dropout: every parameter bit for
 * bit, the mode, and for {@link NumericalGradient} the running statistics (its documented
 * promise); Dropout masks are thawed again. The checks are run mid-training, where a user would
 * run them.
 */
class GradientCheckSideEffectsTest {
  static final int BATCH = 8;

  static Network trained() {
    Network net = Network.builder(5).init(WeightInit.he()).affine(7).batchNorm().tanh()
        .dropout(0.3f).affine(3).build(2);
    for (int s = 0; s < 3; s++) {
      net.gradient(uniform(BATCH * 5, 10 + s, -1, 1), BATCH, labels(BATCH, 3, 20 + s));
    }
    return net;
  }

  static BatchNorm batchNorm(Network net) {
    return (BatchNorm) net.layers().get(1);
  }

  @Test
  void numericalGradientLeavesParametersAndRunningStatisticsAsItFoundThem() {
    Network net = trained();
    float[][] params = net.copyParameters();
    float[] mean = batchNorm(net).runningMean().clone();
    float[] var = batchNorm(net).runningVariance().clone();
    double[][] g = NumericalGradient.of(net, uniform(BATCH * 5, 1, -1, 1), BATCH,
        labels(BATCH, 3, 2));
    assertEquals(params.length, g.length);
    assertTrue(Arrays.deepEquals(params, net.copyParameters()), "parameters restored");
    assertArrayEquals(mean, batchNorm(net).runningMean(), 0f, "running mean restored");
    assertArrayEquals(var, batchNorm(net).runningVariance(), 0f, "running variance restored");
    assertTrue(net.isTraining());
  }

  @Test
  void checkNetworkRestoresParametersTheModeAndThawsTheMasks() {
    for (boolean training : new boolean[] {true, false}) {
      Network net = trained();
      net.setTraining(training);
      float[][] params = net.copyParameters();
      float[] x = uniform(BATCH * 5, 3, -1, 1);
      GradientCheck.withSeed(5).checkNetwork(net, x, BATCH, labels(BATCH, 3, 4));
      assertTrue(Arrays.deepEquals(params, net.copyParameters()), "parameters restored");
      assertEquals(training, net.isTraining(), "mode kept");
      if (training) {
        float[] a = Arrays.copyOf(net.predict(x, BATCH), BATCH * 3);
        float[] b = Arrays.copyOf(net.predict(x, BATCH), BATCH * 3);
        assertTrue(!Arrays.equals(a, b), "masks drawn anew after the check");
      }
    }
  }
}
