package io.github.vecprop.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.Parameter;
import io.github.vecprop.nn.TwoLayerNet;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A training step of the seed's network (784 → 50 → 10, batch 100: forward, backward, update)
 * allocates nothing in steady state: less than 1 KiB over 1 000 steps after warm-up, measured
 * with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}. Until C2 compiles them,
 * Vector API kernels box their vectors, so the measurement is retried after a longer warm-up
 * (at most twice) before failing.
 */
class TrainingStepAllocationTest {
  static final int BATCH = 100;
  static final int STEPS = 1_000;
  static final long LIMIT_BYTES = 1024;

  @Test
  void seedTrainingStepAllocatesNothing() {
    java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
    assertTrue(std instanceof com.sun.management.ThreadMXBean, "needs a HotSpot ThreadMXBean");
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
    mx.setThreadAllocatedMemoryEnabled(true);
    long tid = Thread.currentThread().getId();

    Network net = new TwoLayerNet(784, 50, 10, 0.01);
    List<Parameter> params = net.parameters();
    Optimizer sgd = Optimizers.create("sgd");
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[BATCH * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    float[] oneHot = new float[BATCH * 10];
    for (int i = 0; i < BATCH; i++) {
      oneHot[i * 10 + r.nextInt(10)] = 1f;
    }

    long allocated = Long.MAX_VALUE;
    int warmup = 800;
    for (int attempt = 0; attempt < 3 && allocated >= LIMIT_BYTES; attempt++, warmup *= 2) {
      for (int i = 0; i < warmup; i++) {
        net.gradient(x, BATCH, oneHot);
        sgd.update(params);
      }
      long before = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < STEPS; i++) {
        net.gradient(x, BATCH, oneHot);
        sgd.update(params);
      }
      allocated = mx.getThreadAllocatedBytes(tid) - before;
    }
    assertTrue(allocated < LIMIT_BYTES,
        STEPS + " steady-state steps allocated " + allocated + " bytes (limit " + LIMIT_BYTES + ")");
  }
}
