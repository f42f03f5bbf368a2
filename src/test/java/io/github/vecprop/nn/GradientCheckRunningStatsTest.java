package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * FAILS on the current main code: GradientCheck.checkNetwork on a training-mode network moves
 * BatchNorm's running statistics (three net.gradient calls outside NumericalGradient, which
 * alone saves and restores them), so a check run mid-training changes what the model will use
 * at inference. checkLayer on a training-mode BatchNorm moves them with every differenced
 * forward.
 */
class GradientCheckRunningStatsTest {
  @Test
  void checkNetworkLeavesTheRunningStatisticsAsItFoundThem() {
    Network net = GradientCheckSideEffectsTest.trained();
    BatchNorm bn = GradientCheckSideEffectsTest.batchNorm(net);
    float[] mean = bn.runningMean().clone();
    float[] var = bn.runningVariance().clone();
    GradientCheck.withSeed(5).checkNetwork(net, uniform(8 * 5, 3, -1, 1), 8, labels(8, 3, 4));
    assertArrayEquals(mean, bn.runningMean(), 0f, "running mean");
    assertArrayEquals(var, bn.runningVariance(), 0f, "running variance");
  }

  @Test
  void checkLayerLeavesTheRunningStatisticsAsItFoundThem() {
    BatchNorm bn = new BatchNorm(4);
    bn.forward(uniform(6 * 4, 1, -1, 1), 6);
    float[] mean = bn.runningMean().clone();
    float[] var = bn.runningVariance().clone();
    GradientCheck.withSeed(5).checkLayer(bn, uniform(6 * 4, 2, -1, 1), 6);
    assertArrayEquals(mean, bn.runningMean(), 0f, "running mean");
    assertArrayEquals(var, bn.runningVariance(), 0f, "running variance");
  }
}
