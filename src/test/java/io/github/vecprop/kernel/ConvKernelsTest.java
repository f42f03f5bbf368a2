package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ConvKernels against the definitions written here as plain loops over (c, ky, kx, oy, ox),
 * compared bit for bit over random geometries (seeded): im2col and its transpose read exactly the
 * documented element or 0 in the padding; col2im is their adjoint, adding in increasing im2col
 * row; max pooling follows the stated rule (running Math.max, winner moved only by a larger
 * element), on the written-out 2×2 path and the general one alike, with ties, ±0 and NaN in the
 * data; pooling backward adds routed gradients in increasing output index.
 */
class ConvKernelsTest {
  static final long SEED = 0xC0_4E_2026L;

  /** A random geometry whose window fits: C 1–3, H and W 1–9, kernel 1–5, stride 1–3, pad 0–2. */
  static Window draw(SplittableRandom r, boolean pooling) {
    while (true) {
      int c = 1 + r.nextInt(3);
      int h = 1 + r.nextInt(9);
      int w = 1 + r.nextInt(9);
      int kh = 1 + r.nextInt(5);
      int kw = 1 + r.nextInt(5);
      int s = 1 + r.nextInt(3);
      int p = r.nextInt(3);
      if (pooling && (p >= kh || p >= kw)) {
        continue;
      }
      if (kh <= h + 2 * p && kw <= w + 2 * p) {
        return new Window(c, h, w, kh, kw, s, p);
      }
    }
  }

  /** x[c, iy, ix] or 0 outside the input. */
  static float at(Window g, float[] x, int xOff, int c, int iy, int ix) {
    boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
    return inside ? x[xOff + (c * g.height() + iy) * g.width() + ix] : 0f;
  }

  /** Mixed magnitudes and signs, so a sum in another order gives other bits. */
  static float[] values(int n, SplittableRandom r) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((r.nextDouble() * 2 - 1) * Math.pow(10, r.nextInt(5) - 2));
    }
    return v;
  }

  @Test
  void im2colInBothOrientationsReadsTheDocumentedElement() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int k = 0; k < 200; k++) {
      Window g = draw(r, false);
      int xOff = r.nextInt(3);
      int colOff = r.nextInt(3);
      float[] x = values(xOff + g.inputSize(), r);
      int p = g.positions();
      float[] col = new float[colOff + g.patchSize() * p];
      float[] colT = new float[colOff + g.patchSize() * p];
      Arrays.fill(col, Float.NaN); // every element must be written
      Arrays.fill(colT, Float.NaN);
      ConvKernels.im2col(g, x, xOff, col, colOff);
      ConvKernels.im2colTransposed(g, x, xOff, colT, colOff);
      for (int c = 0; c < g.channels(); c++) {
        for (int ky = 0; ky < g.kernelHeight(); ky++) {
          for (int kx = 0; kx < g.kernelWidth(); kx++) {
            int row = (c * g.kernelHeight() + ky) * g.kernelWidth() + kx;
            for (int oy = 0; oy < g.outHeight(); oy++) {
              for (int ox = 0; ox < g.outWidth(); ox++) {
                int q = oy * g.outWidth() + ox;
                float want = at(g, x, xOff, c, oy * g.stride() + ky - g.pad(),
                    ox * g.stride() + kx - g.pad());
                String where = g + " row " + row + " column " + q;
                assertEquals(Float.floatToRawIntBits(want),
                    Float.floatToRawIntBits(col[colOff + row * p + q]), "col " + where);
                assertEquals(Float.floatToRawIntBits(want),
                    Float.floatToRawIntBits(colT[colOff + q * g.patchSize() + row]),
                    "colT " + where);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void im2colOfAWindowRowWhollyInThePaddingIsZeros() {
    // 1 × 1 input, window 1 × 5, pad 2: 5 × 1 outputs, and the rows kx = 0, 1, 3, 4 read only
    // padding (this threw ArrayIndexOutOfBounds once: an empty copy from offset −1). The one
    // input element is read by window row kx = 2 at output oy = 2.
    Window g = new Window(1, 1, 1, 1, 5, 1, 2);
    float[] want = new float[25];
    want[2 * 5 + 2] = 3f;
    float[] col = new float[g.patchSize() * g.positions()];
    Arrays.fill(col, Float.NaN);
    ConvKernels.im2col(g, new float[] {3f}, 0, col, 0);
    assertArrayEquals(want, col);
    float[] colT = new float[col.length];
    Arrays.fill(colT, Float.NaN);
    ConvKernels.im2colTransposed(g, new float[] {3f}, 0, colT, 0);
    assertArrayEquals(want, colT);
  }

  @Test
  void col2imAddsEveryWindowBackInIncreasingRowOntoPositiveZero() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int k = 0; k < 200; k++) {
      Window g = draw(r, false);
      int p = g.positions();
      float[] col = values(g.patchSize() * p, r);
      float[] want = new float[g.inputSize()]; // +0
      for (int c = 0; c < g.channels(); c++) {
        for (int ky = 0; ky < g.kernelHeight(); ky++) {
          for (int kx = 0; kx < g.kernelWidth(); kx++) {
            int row = (c * g.kernelHeight() + ky) * g.kernelWidth() + kx;
            for (int q = 0; q < p; q++) {
              int iy = q / g.outWidth() * g.stride() + ky - g.pad();
              int ix = q % g.outWidth() * g.stride() + kx - g.pad();
              if (iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width()) {
                want[(c * g.height() + iy) * g.width() + ix] += col[row * p + q];
              }
            }
          }
        }
      }
      float[] dx = new float[2 + g.inputSize()];
      Arrays.fill(dx, Float.NaN);
      ConvKernels.col2im(g, col, 0, dx, 2);
      Bits.same(want, Arrays.copyOfRange(dx, 2, dx.length), g.toString());
      assertEquals(Float.floatToRawIntBits(Float.NaN), Float.floatToRawIntBits(dx[1]),
          "nothing written before dxOff");
    }
  }

  /** The documented rule, written out: running Math.max, winner moved by a larger element. */
  static void referencePool(int batch, Window g, float[] x, float[] y, int[] arg) {
    int o = 0;
    for (int plane = 0; plane < batch * g.channels(); plane++) {
      for (int oy = 0; oy < g.outHeight(); oy++) {
        for (int ox = 0; ox < g.outWidth(); ox++, o++) {
          boolean first = true;
          float m = 0;
          int a = -1;
          for (int ky = 0; ky < g.kernelHeight(); ky++) {
            for (int kx = 0; kx < g.kernelWidth(); kx++) {
              int iy = oy * g.stride() + ky - g.pad();
              int ix = ox * g.stride() + kx - g.pad();
              if (iy < 0 || iy >= g.height() || ix < 0 || ix >= g.width()) {
                continue;
              }
              int i = (plane * g.height() + iy) * g.width() + ix;
              if (first || x[i] > m) {
                a = i;
              }
              m = first ? x[i] : Math.max(m, x[i]);
              first = false;
            }
          }
          y[o] = m;
          arg[o] = a;
        }
      }
    }
  }

  /** Values from a small set (ties), ±0, and now and then a NaN. */
  static float[] poolValues(int n, SplittableRandom r, boolean nans) {
    float[] pick = {-1f, -0f, 0f, 0.5f, 1f, 2f};
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = nans && r.nextInt(40) == 0 ? Float.NaN
          : r.nextBoolean() ? pick[r.nextInt(pick.length)] : (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void maxPoolFollowsTheStatedRuleOnEveryPath() {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    for (int k = 0; k < 300; k++) {
      // One in three the book's 2×2 without padding (the written-out path), any stride.
      Window g = k % 3 == 0 ? new Window(1 + r.nextInt(3), 2 + r.nextInt(8), 2 + r.nextInt(8),
          2, 2, 1 + r.nextInt(3), 0) : draw(r, true);
      int batch = 1 + r.nextInt(3);
      int outs = batch * g.channels() * g.positions();
      float[] x = poolValues(batch * g.inputSize(), r, k % 2 == 1);
      float[] want = new float[outs];
      int[] wantArg = new int[outs];
      referencePool(batch, g, x, want, wantArg);
      float[] y = new float[outs];
      int[] arg = new int[outs];
      ConvKernels.maxPool(batch, g, x, 0, y, 0, arg);
      Bits.same(want, y, g + " batch " + batch + ": values");
      assertArrayEquals(wantArg, arg, g + " batch " + batch + ": winners");
    }
  }

  @Test
  void maxPoolTiesZerosAndNaNsByExample() {
    Window g = new Window(1, 2, 2, 2, 2, 2, 0);
    float[] y = new float[1];
    int[] arg = new int[1];
    ConvKernels.maxPool(1, g, new float[] {1, 3, 3, 2}, 0, y, 0, arg);
    assertEquals(3f, y[0]);
    assertEquals(1, arg[0], "the first of a tie");
    ConvKernels.maxPool(1, g, new float[] {-0f, 0f, -1, -2}, 0, y, 0, arg);
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(y[0]), "+0 over -0");
    assertEquals(0, arg[0], "+0 is not larger than -0: the first stays the winner");
    ConvKernels.maxPool(1, g, new float[] {1, Float.NaN, 3, 2}, 0, y, 0, arg);
    assertEquals(Float.NaN, y[0]);
    assertEquals(0, arg[0], "the largest before the first NaN");
    ConvKernels.maxPool(1, g, new float[] {Float.NaN, 1, 3, 2}, 0, y, 0, arg);
    assertEquals(Float.NaN, y[0]);
    assertEquals(0, arg[0], "the NaN itself when it comes first");
  }

  @Test
  void maxPoolBackwardAddsRoutedGradientsInOutputOrder() {
    SplittableRandom r = new SplittableRandom(SEED + 3);
    for (int k = 0; k < 100; k++) {
      Window g = draw(r, true);
      int batch = 1 + r.nextInt(3);
      int outs = batch * g.channels() * g.positions();
      float[] x = poolValues(batch * g.inputSize(), r, false);
      float[] y = new float[outs];
      int[] arg = new int[outs];
      ConvKernels.maxPool(batch, g, x, 0, y, 0, arg);
      float[] dout = values(outs, r);
      float[] want = new float[batch * g.inputSize()];
      for (int i = 0; i < outs; i++) {
        want[arg[i]] += dout[i];
      }
      float[] dx = new float[want.length];
      Arrays.fill(dx, Float.NaN);
      ConvKernels.maxPoolBackward(batch, g, dout, 0, arg, dx, 0);
      Bits.same(want, dx, g.toString());
    }
  }

  @Test
  void badArgumentsAreOneLineNamingTheArray() {
    Window g = new Window(1, 4, 4, 2, 2, 2, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConvKernels.maxPool(1, g, new float[16], 0, new float[4], 0, new int[3]));
    assertEquals("arg: needs 4 ints, has 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConvKernels.maxPoolBackward(1, g,
        new float[4], 0, new int[] {0, 1, 2, 16}, new float[16], 0));
    assertEquals("arg[3]: 16 is outside 0..15", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConvKernels.maxPool(1,
        new Window(1, 4, 4, 2, 2, 1, 2), new float[16], 0, new float[100], 0, new int[100]));
    assertEquals("pooling pad 2 must be below the window 2×2", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ConvKernels.im2col(g, new float[15], 0, new float[16], 0));
    assertThrows(IllegalArgumentException.class,
        () -> ConvKernels.col2im(g, new float[16], 0, new float[15], 0));
  }
}
