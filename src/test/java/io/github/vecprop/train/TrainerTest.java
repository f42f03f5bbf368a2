package io.github.vecprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.model.ModelFile;
import io.github.vecprop.nn.Activation;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on a small synthetic set: learning, resume equivalence, divergence. */
class TrainerTest {

  /** 4 classes of 16-pixel "images": class c lights pixels 4c..4c+3, plus noise. */
  static Dataset synthetic(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[n * 16];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(4);
      labels[i] = (byte) c;
      for (int j = 0; j < 16; j++) {
        int v = r.nextInt(60) + (j / 4 == c ? 180 : 0);
        px[i * 16 + j] = (byte) Math.min(255, v);
      }
    }
    return Dataset.of(px, labels, 16, 4);
  }

  private static Network net() {
    return new Network(new int[] {16, 12, 4}, Activation.RELU, WeightInit.gaussian(0.1), 7);
  }

  private static Trainer trainer(Network net, String opt, int iters, Path ckpt) {
    Trainer t = new Trainer(net, Optimizers.create(opt), synthetic(500, 1), synthetic(200, 2),
        new Trainer.Config(iters, 20, 50, 99, 64));
    return ckpt == null ? t : t.checkpointTo(ckpt);
  }

  @Test
  void learnsTheSyntheticSet() throws Exception {
    Network n = net();
    History h = trainer(n, "sgd", 300, null).run(new Trainer.Listener() {});
    History.Epoch last = h.epochs().get(h.epochs().size() - 1);
    assertEquals(300, last.iteration());
    assertTrue(last.testAccuracy() > 0.95, "test accuracy " + last.testAccuracy());
    assertEquals(Math.log(4), h.losses()[0], 0.1, "first loss ≈ ln(classes)");
    assertEquals(7, h.epochs().size(), "evaluations at 1, 51, ..., 251 and the end");
  }

  @Test
  void resumeReachesTheSameWeightsAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    for (String opt : new String[] {"sgd", "adam", "momentum"}) {
      Network whole = net();
      trainer(whole, opt, 260, null).run(new Trainer.Listener() {});

      // A run stopped after its checkpoint at iteration 151, then resumed in a fresh process-like
      // state: new network, new optimizer, everything else from the checkpoint file.
      Path ckpt = dir.resolve(opt + ".vpm");
      Network first = net();
      Trainer t1 = trainer(first, opt, 260, ckpt);
      assertThrows(StopHere.class, () -> t1.run(new Trainer.Listener() {
        @Override
        public void evaluated(History.Epoch e) {
          if (e.iteration() == 151) {
            throw new StopHere();
          }
        }
      }));
      Network second = net();
      Trainer t2 = trainer(second, opt, 260, ckpt);
      t2.resume(ModelFile.read(ckpt));
      assertEquals(151, t2.iterationsDone());
      t2.run(new Trainer.Listener() {});
      float[][] a = whole.copyParameters();
      float[][] b = second.copyParameters();
      for (int p = 0; p < a.length; p++) {
        assertArrayEquals(a[p], b[p], opt + ": parameter " + p + " differs after resume");
      }
      assertEquals(260, t2.history().iterations());
    }
  }

  @Test
  void nonFiniteLossStopsWithTheIterationAndKeepsTheFileOnDisk(@TempDir Path dir)
      throws Exception {
    Network n = net();
    Path ckpt = dir.resolve("checkpoint.vpm");
    Trainer t = trainer(n, "sgd", 300, ckpt);
    t.run(new Trainer.Listener() {}); // writes a good checkpoint
    byte[] good = Files.readAllBytes(ckpt);
    Network bad = net();
    bad.parameters().get(0).value()[3] = Float.POSITIVE_INFINITY; // poisons every logit
    Trainer tb = trainer(bad, "sgd", 300, ckpt);
    TrainingDivergedException e =
        assertThrows(TrainingDivergedException.class, () -> tb.run(new Trainer.Listener() {}));
    assertEquals(1, e.iteration());
    assertTrue(e.getMessage().contains("iteration 1"), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(ckpt), "the last good checkpoint was overwritten");
  }

  @Test
  void asecondConcurrentRunIsRejected() throws Exception {
    Network n = net();
    Trainer t = trainer(n, "sgd", 300, null);
    java.util.concurrent.atomic.AtomicReference<Throwable> second =
        new java.util.concurrent.atomic.AtomicReference<>();
    t.run(new Trainer.Listener() {
      @Override
      public void iteration(int done, float loss) {
        if (done == 10) {
          Thread other = new Thread(() -> {
            try {
              t.run(new Trainer.Listener() {});
            } catch (Throwable e) {
              second.set(e);
            }
          });
          other.start();
          try {
            other.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
      }
    });
    assertTrue(second.get() instanceof IllegalStateException, "got " + second.get());
    assertTrue(second.get().getMessage().contains("single-writer"), second.get().getMessage());
    assertEquals(300, t.iterationsDone());
  }

  @Test
  void samplerIsUniformAndReplayable() {
    BatchSampler s = new BatchSampler(5);
    int[] idx = new int[100_000];
    s.fill(idx, idx.length, 10);
    int[] counts = new int[10];
    for (int i : idx) {
      counts[i]++;
    }
    for (int c : counts) {
      assertEquals(10_000, c, 500);
    }
    BatchSampler a = new BatchSampler(5);
    int[] first = new int[10];
    a.fill(first, 10, 1000);
    long mid = a.state();
    int[] next = new int[10];
    a.fill(next, 10, 1000);
    BatchSampler b = new BatchSampler(0);
    b.restore(mid);
    int[] again = new int[10];
    b.fill(again, 10, 1000);
    assertArrayEquals(next, again);
  }

  private static final class StopHere extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
