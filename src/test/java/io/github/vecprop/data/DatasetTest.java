package io.github.vecprop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private static final int F = 6;

  private final byte[] pixels = new byte[20 * F];
  private final byte[] labels = new byte[20];
  private final Dataset ds;

  DatasetTest() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) rnd.nextInt(256);
    }
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) (i % 10);
    }
    ds = Dataset.of(pixels, labels, F, 10);
  }

  @Test
  void gatherConvertsPickedRowsToUnitFloats() {
    int[] idx = {19, 0, 7, 7, 99};
    float[] x = new float[4 * F + 3];
    x[4 * F] = -1; // beyond count rows: untouched
    int[] y = new int[4];
    ds.gather(idx, 4, x, y);
    for (int r = 0; r < 4; r++) {
      assertEquals(idx[r] % 10, y[r]);
      for (int j = 0; j < F; j++) {
        assertEquals((pixels[idx[r] * F + j] & 0xff) / 255f, x[r * F + j], 1e-7f);
      }
    }
    assertEquals(-1, x[4 * F]);
    assertEquals(20, ds.size());
    assertEquals(F, ds.features());
  }

  @Test
  void gatherValidatesArguments() {
    float[] x = new float[2 * F];
    int[] y = new int[2];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ds.gather(new int[] {0, 20}, 2, x, y));
    assertTrue(e.getMessage().startsWith("idx[1]: row 20"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ds.gather(new int[] {0, -1}, 2, x, y));
    assertTrue(e.getMessage().startsWith("idx[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ds.gather(new int[3], 3, x, y));
    assertTrue(e.getMessage().startsWith("x:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ds.gather(new int[2], 3, x, y));
    assertTrue(e.getMessage().startsWith("count:"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ds.gather(new int[2], 2, x, new int[1]));
    assertTrue(e.getMessage().startsWith("labels:"), e.getMessage());
    ds.gather(new int[] {1, 2}, 2, x, null); // labels optional
  }

  @Test
  void chunksCoverEveryRowOnceInOrder() {
    float[] x = new float[7 * F];
    int[] y = new int[7];
    int[] seen = new int[20];
    int[] calls = {0};
    ds.forEachChunk(7, x, y, (start, count) -> {
      calls[0]++;
      for (int r = 0; r < count; r++) {
        seen[start + r]++;
        assertEquals((start + r) % 10, y[r]);
        assertEquals((pixels[(start + r) * F] & 0xff) / 255f, x[r * F], 1e-7f);
      }
    });
    assertEquals(3, calls[0]);
    for (int s : seen) {
      assertEquals(1, s);
    }
  }

  @Test
  void constructionChecksShapesAndLabels() {
    assertThrows(IllegalArgumentException.class, () -> Dataset.of(new byte[7], new byte[1], 6, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dataset.of(new byte[6], new byte[] {10}, 6, 10));
    assertTrue(e.getMessage().startsWith("labels[0]"), e.getMessage());
  }

  @Test
  void sliceAndImageCopy() {
    Dataset s = ds.slice(5, 8);
    assertEquals(3, s.size());
    assertEquals(5, s.label(0));
    assertArrayEquals(ds.image(6), s.image(1));
    int[] counts = ds.labelCounts();
    assertEquals(2, counts[0]);
  }
}
