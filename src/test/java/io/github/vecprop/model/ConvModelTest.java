package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.LayerKind;
import io.github.vecprop.nn.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional models in the model file: the stored geometry and input shape, predictions that
 * keep their bits through a file, 8 threads on one conv model, and bad conv or pool records
 * rejected with a line naming the layer and the numbers.
 */
class ConvModelTest {
  @TempDir Path dir;

  static Network net() {
    // Padded, strided, non-square: every field of the geometry matters on the way back.
    return Network.builder(1, 28, 28).layers("conv:4x5x3:s1:p1,relu,pool:3x2:s2:p1,conv:3x3x3:s2,"
        + "relu,affine:10").build(3);
  }

  static float[] image(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextInt(256) / 255f;
    }
    return x;
  }

  @Test
  void aConvModelRoundTripsThroughAFileWithItsBits() throws Exception {
    Network n = net();
    ModelSpec spec = ModelSpec.of(n);
    assertArrayEquals(new int[] {1, 28, 28}, spec.inputShape());
    LayerSpec conv = spec.layers().get(0);
    assertEquals(LayerKind.CONV, conv.kind());
    assertArrayEquals(new int[] {1, 28, 28, 4, 5, 3}, conv.shape());
    assertArrayEquals(new float[] {1, 1}, conv.hyper());
    assertEquals(4 * 26 * 28, conv.outputSize());
    Path f = dir.resolve("conv.vpm");
    ModelFile.write(f, spec);
    ModelSpec back = ModelFile.readSpec(f);
    assertEquals(spec, back);
    Model a = Model.of(spec);
    Model b = Model.load(f);
    for (int s = 0; s < 5; s++) {
      float[] x = image(s);
      assertEquals(a.predict(x), b.predict(x));
    }
    // A row alone and inside a batch: the same bits.
    float[] batch = new float[3 * 784];
    for (int s = 0; s < 3; s++) {
      System.arraycopy(image(s), 0, batch, s * 784, 784);
    }
    Prediction[] all = b.predictBatch(batch, 3);
    for (int s = 0; s < 3; s++) {
      assertEquals(b.predict(image(s)), all[s], "row " + s);
    }
  }

  @Test
  void eightThreadsOnAConvModelGetTheSequentialResults() throws Exception {
    Model m = Model.of(ModelSpec.of(net()));
    int n = 16;
    List<Prediction> seq = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seq.add(m.predict(image(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int off = t;
        fs.add(pool.submit(() -> {
          for (int k = 0; k < 3 * n; k++) {
            int i = (k + off * 5) % n;
            Prediction p = m.predict(image(i));
            if (!p.equals(seq.get(i))) {
              throw new AssertionError("thread " + off + " image " + i);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badConvAndPoolRecordsNameTheLayerAndNumbers() {
    Map<String, float[]> a = new LinkedHashMap<>();
    a.put("W", new float[30 * 25]);
    a.put("b", new float[30]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LayerSpec(LayerKind.CONV, new int[] {1, 4, 4, 30, 5, 5}, new float[] {1, 0},
            a));
    assertEquals("conv: window 5×5 is larger than the padded input 4×4 (4×4, pad 0)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LayerSpec(LayerKind.CONV, new int[] {1, 28, 28, 30, 5, 5},
            new float[] {1.5f, 0}, a));
    assertTrue(e.getMessage().startsWith("conv: stride and pad [1.5, 0.0], expected whole"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new LayerSpec(LayerKind.POOL, new int[] {30, 24, 24, 2, 2}, new float[] {2, 2},
            null));
    assertEquals("pool: pad 2 must be below the window 2×2", e.getMessage());
    // A conv whose C×H×W is not the shape before it, though the widths agree.
    List<LayerSpec> stack = new ArrayList<>(ModelSpec.of(net()).layers());
    LayerSpec c0 = stack.get(0);
    Map<String, float[]> w = c0.arrays();
    stack.set(0, new LayerSpec(LayerKind.CONV, new int[] {1, 14, 56, 4, 5, 3}, c0.hyper(), w));
    e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.of(new int[] {1, 28, 28}, stack));
    assertTrue(e.getMessage().contains("takes images of 1×14×56, but the shape there is"
        + " [1, 28, 28]"), e.getMessage());
  }

  @Test
  void aTruncatedConvFileIsOneLineNamingTheFile() throws Exception {
    Path f = dir.resolve("conv.vpm");
    ModelFile.write(f, ModelSpec.of(net()));
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.vpm");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    Exception e = assertThrows(Exception.class, () -> Model.load(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
