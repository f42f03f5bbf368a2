package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTest {

  @TempDir Path dir;
  final SplittableRandom rnd = new SplittableRandom(42);
  final ModelSpec spec = Specs.random(rnd, new int[] {784, 50, 10}, "relu");
  final Model model = Model.of(spec);

  private float[] image() {
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextInt(4) == 0 ? (float) rnd.nextDouble() : 0f;
    }
    return x;
  }

  /**
   * A row's probabilities do not depend on the batch it is in: predict(x) gives the bits of the
   * same row of predictBatch, for every row of batches whose sizes straddle the GEMM's 8-row tiles
   * and the vector lengths, on either kernel implementation and after the warm-up switch.
   */
  @Test
  void predictEqualsTheSameRowOfPredictBatchBitForBit() {
    for (String act : new String[] {"relu", "sigmoid"}) {
      Model m = Model.of(Specs.random(rnd, new int[] {784, 50, 10}, act));
      for (int count : new int[] {1, 7, 8, 9, 17, 100, 103}) {
        float[] images = new float[count * 784];
        for (int r = 0; r < count; r++) {
          System.arraycopy(image(), 0, images, r * 784, 784);
        }
        Prediction[] batch = m.predictBatch(images, count);
        for (int r = 0; r < count; r++) {
          float[] one = m.predict(java.util.Arrays.copyOfRange(images, r * 784, (r + 1) * 784))
              .probabilities();
          float[] inBatch = batch[r].probabilities();
          for (int j = 0; j < one.length; j++) {
            assertEquals(Float.floatToRawIntBits(one[j]), Float.floatToRawIntBits(inBatch[j]),
                act + ": row " + r + " of " + count + ", class " + j + ": predict " + one[j]
                    + " vs predictBatch " + inBatch[j]);
          }
        }
      }
    }
  }

  /** The forward pass in double, straight from the definition. */
  private static double[] reference(ModelSpec s, float[] x) {
    int[] sizes = s.layerSizes();
    double[] a = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      a[i] = x[i];
    }
    for (int l = 0; l + 1 < sizes.length; l++) {
      float[] w = s.param(2 * l);
      float[] b = s.param(2 * l + 1);
      double[] h = new double[sizes[l + 1]];
      for (int j = 0; j < h.length; j++) {
        double sum = b[j];
        for (int i = 0; i < sizes[l]; i++) {
          sum += a[i] * w[i * h.length + j];
        }
        boolean last = l + 2 == sizes.length;
        h[j] = last ? sum : s.activation().equals("relu") ? Math.max(0, sum)
            : 1 / (1 + Math.exp(-sum));
      }
      a = h;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      max = Math.max(max, v);
    }
    double z = 0;
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.exp(a[i] - max);
      z += a[i];
    }
    for (int i = 0; i < a.length; i++) {
      a[i] /= z;
    }
    return a;
  }

  @Test
  void predictMatchesTheDefinition() {
    for (String act : new String[] {"relu", "sigmoid"}) {
      ModelSpec s = Specs.random(rnd, new int[] {784, 30, 20, 10}, act);
      Model m = Model.of(s);
      for (int t = 0; t < 5; t++) {
        float[] x = image();
        double[] want = reference(s, x);
        Prediction p = m.predict(x);
        int arg = 0;
        for (int i = 0; i < 10; i++) {
          assertEquals(want[i], p.probabilities()[i], 1e-5, act + " class " + i);
          arg = want[i] > want[arg] ? i : arg;
        }
        assertEquals(arg, p.label());
      }
    }
  }

  @Test
  void batchAndBytesAgreeWithSinglePredictions() {
    int n = 7;
    float[] xs = new float[n * 784];
    byte[][] raw = new byte[n][784];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < 784; i++) {
        raw[r][i] = (byte) rnd.nextInt(256);
        xs[r * 784 + i] = (raw[r][i] & 0xff) / 255f;
      }
    }
    Prediction[] batch = model.predictBatch(xs, n);
    int[] labels = new int[n];
    model.classify(xs, n, labels);
    for (int r = 0; r < n; r++) {
      Prediction one = model.predict(raw[r]);
      assertEquals(one.label(), batch[r].label());
      assertEquals(one.label(), labels[r]);
      assertArrayEquals(one.probabilities(), batch[r].probabilities(), 1e-6f);
    }
  }

  @Test
  void saveLoadGivesIdenticalPredictions() throws IOException {
    Path f = dir.resolve("m.vecprop");
    model.save(f);
    Model back = Model.load(f);
    assertEquals(784, back.inputSize());
    assertEquals(10, back.classes());
    float[] x = image();
    assertEquals(model.predict(x), back.predict(x));
  }

  @Test
  void eightThreadsGetExactlyTheSequentialResults() throws Exception {
    int n = 64;
    List<float[]> images = new ArrayList<>();
    List<Prediction> sequential = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      images.add(image());
      sequential.add(model.predict(images.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        futures.add(pool.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int k = 0; k < n; k++) {
              int i = (k + offset * 7) % n;
              Prediction p = model.predict(images.get(i));
              if (!p.equals(sequential.get(i))) {
                throw new AssertionError("thread " + offset + " image " + i + ": " + p + " vs "
                    + sequential.get(i));
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void argumentsAreValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict((float[]) null));
    assertTrue(e.getMessage().startsWith("image:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(new float[783]));
    assertTrue(e.getMessage().startsWith("image: expected 784"), e.getMessage());
    float[] x = image();
    x[17] = Float.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(x));
    assertTrue(e.getMessage().startsWith("image[17]: is NaN"), e.getMessage());
    x[17] = 255f;
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(x));
    assertTrue(e.getMessage().contains("predict(byte[])"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.predict(new byte[10]));
    assertTrue(e.getMessage().startsWith("pixels:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.predictBatch(new float[784], 2));
    assertTrue(e.getMessage().startsWith("images:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.predictBatch(new float[784], 0));
    assertTrue(e.getMessage().startsWith("count:"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Model.of(null));
  }
}
