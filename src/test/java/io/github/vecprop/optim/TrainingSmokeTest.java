package io.github.vecprop.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.Activation;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.WeightInit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A few hundred steps on a small, separable synthetic set (4 Gaussian blobs in 16 dimensions)
 * reach more than 95% accuracy with every optimizer, through the whole stack.
 */
class TrainingSmokeTest {
  static final int IN = 16;
  static final int CLASSES = 4;
  static final int N = 400;
  static final int BATCH = 32;

  static final class Blobs {
    final float[] x = new float[N * IN];
    final int[] t = new int[N];
    final float[] oneHot = new float[N * CLASSES];

    Blobs(long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      float[] centers = new float[CLASSES * IN];
      for (int i = 0; i < centers.length; i++) {
        centers[i] = r.nextBoolean() ? 1f : -1f;
      }
      for (int n = 0; n < N; n++) {
        int c = r.nextInt(CLASSES);
        t[n] = c;
        oneHot[n * CLASSES + c] = 1f;
        for (int j = 0; j < IN; j++) {
          x[n * IN + j] = centers[c * IN + j] + (float) (0.5 * r.nextGaussian());
        }
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"sgd, 0.1", "momentum, 0.01", "nesterov, 0.01", "adagrad, 0.05", "rmsprop, 0.01",
      "adam, 0.01"})
  void reachesNinetyFivePercent(String name, float lr) {
    Blobs data = new Blobs(11);
    Network net = new Network(new int[] {IN, 20, CLASSES}, Activation.RELU, 5);
    Optimizer opt = Optimizers.create(name, lr);
    float[] xb = new float[BATCH * IN];
    float[] tb = new float[BATCH * CLASSES];
    SplittableRandom r = new SplittableRandom(3);
    for (int step = 0; step < 300; step++) {
      for (int i = 0; i < BATCH; i++) {
        int n = r.nextInt(N);
        System.arraycopy(data.x, n * IN, xb, i * IN, IN);
        System.arraycopy(data.oneHot, n * CLASSES, tb, i * CLASSES, CLASSES);
      }
      net.gradient(xb, BATCH, tb);
      opt.update(net.parameters());
    }
    float acc = net.accuracy(data.x, N, data.t);
    assertTrue(acc > 0.95f, name + " reached " + acc);
  }

  @Test
  void deeperSigmoidNetworkTrainsToo() {
    Blobs data = new Blobs(12);
    Network net = new Network(new int[] {IN, 12, 12, CLASSES}, Activation.SIGMOID,
        WeightInit.xavier(), 6);
    Optimizer opt = Optimizers.create("adam", 0.02f);
    for (int step = 0; step < 300; step++) {
      int off = (step * BATCH) % (N - BATCH);
      float[] xb = java.util.Arrays.copyOfRange(data.x, off * IN, (off + BATCH) * IN);
      int[] tb = java.util.Arrays.copyOfRange(data.t, off, off + BATCH);
      net.gradient(xb, BATCH, tb);
      opt.update(net.parameters());
    }
    float acc = net.accuracy(data.x, N, data.t);
    assertTrue(acc > 0.95f, "reached " + acc);
  }
}
