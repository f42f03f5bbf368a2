package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.optim.Optimizer;
import io.github.vecprop.optim.Optimizers;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A training step of a network with BatchNorm and Dropout (784 → Affine 100 → BatchNorm → ReLU
 * → Dropout 0.2 → Affine 10, batch 100, SGD: forward, backward, update) allocates nothing in
 * steady state — also when every fourth step is a smaller last batch of 37 and when an
 * inference-mode evaluation ({@link Network#countCorrect}) runs between steps. Measured as
 * {@code optim.TrainingStepAllocationTest} does: less than 1 KiB over the measured steps after
 * warm-up, with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, retried after a
 * longer warm-up (at most twice) because Vector API kernels box until C2 compiles them.
 */
class StackStepAllocationTest {
  static final int BATCH = 100;
  static final int LAST_BATCH = 37;
  static final int STEPS = 600;
  static final long LIMIT_BYTES = 1024;

  @Test
  void batchNormDropoutTrainingStepAllocatesNothing() {
    java.lang.management.ThreadMXBean std = ManagementFactory.getThreadMXBean();
    assertTrue(std instanceof com.sun.management.ThreadMXBean, "needs a HotSpot ThreadMXBean");
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) std;
    mx.setThreadAllocatedMemoryEnabled(true);
    long tid = Thread.currentThread().getId();

    Network net = Network.builder(784).init(WeightInit.he()).affine(100).batchNorm().relu()
        .dropout(0.2f).affine(10).build(42);
    assertTrue(net.layers().get(1) instanceof BatchNorm && net.layers().get(3) instanceof Dropout,
        net.toString());
    List<Parameter> params = net.parameters();
    Optimizer sgd = Optimizers.create("sgd");
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[BATCH * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    int[] labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = r.nextInt(10);
    }
    Dropout dropout = (Dropout) net.layers().get(3);
    BatchNorm bn = (BatchNorm) net.layers().get(1);

    long allocated = Long.MAX_VALUE;
    int warmup = 600;
    for (int attempt = 0; attempt < 3 && allocated >= LIMIT_BYTES; attempt++, warmup *= 2) {
      for (int i = 0; i < warmup; i++) {
        step(net, sgd, params, x, labels, i);
      }
      long state = dropout.generatorState();
      float mean0 = bn.runningMean()[0];
      long before = mx.getThreadAllocatedBytes(tid);
      for (int i = 0; i < STEPS; i++) {
        step(net, sgd, params, x, labels, i);
      }
      allocated = mx.getThreadAllocatedBytes(tid) - before;
      // The measured loop really trained with dropout and batch statistics.
      assertTrue(dropout.generatorState() != state, "Dropout drew masks");
      assertTrue(bn.runningMean()[0] != mean0, "BatchNorm updated its running mean");
    }
    assertTrue(allocated < LIMIT_BYTES, STEPS + " steady-state steps allocated " + allocated
        + " bytes (limit " + LIMIT_BYTES + ")");
  }

  /** One SGD step (every fourth on the last-batch size), with an evaluation every eighth. */
  private static void step(Network net, Optimizer sgd, List<Parameter> params, float[] x,
      int[] labels, int i) {
    int b = i % 4 == 3 ? LAST_BATCH : BATCH;
    net.gradient(x, b, labels);
    sgd.update(params);
    if (i % 8 == 7) {
      net.countCorrect(x, BATCH, labels);
    }
  }
}
