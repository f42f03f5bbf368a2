package io.github.vecprop.nn;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.Window;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * GradientCheck catches the classic convolution and pooling backward bugs: each broken layer
 * below wraps the real one, keeps its forward and breaks one piece of its backward; the check
 * must name the wrong gradient, and the unbroken layer on the same input must pass (so what is
 * caught is the bug, not the input).
 */
class BrokenConvBackwardTest {
  static final long SEED = 0xB0_C0_17L;

  /** Forwards to a real layer; subclasses replace parts of its backward. */
  abstract static class Wrapped implements Layer {
    final Layer real;
    int batch;

    Wrapped(Layer real) {
      this.real = real;
    }

    @Override
    public String name() {
      return getClass().getSimpleName();
    }

    @Override
    public int inputSize() {
      return real.inputSize();
    }

    @Override
    public int outputSize() {
      return real.outputSize();
    }

    @Override
    public Parameter[] parameters() {
      return real.parameters();
    }

    @Override
    public float[] forward(float[] x, int batch) {
      this.batch = batch;
      return real.forward(x, batch);
    }

    @Override
    public void reserve(int batch) {
      real.reserve(batch);
    }
  }

  /**
   * dx by a col2im that stores instead of adding: where windows overlap, each input element keeps
   * only the last window's contribution.
   */
  static final class OverlapDroppingConv extends Wrapped {
    final Convolution conv;

    OverlapDroppingConv(Convolution conv) {
      super(conv);
      this.conv = conv;
    }

    @Override
    public float[] backward(float[] dout) {
      conv.backward(dout); // dW, db right
      Window g = conv.window();
      int f = conv.filters();
      int p = g.positions();
      float[] col = new float[g.patchSize() * p];
      float[] dx = new float[batch * g.inputSize()];
      for (int n = 0; n < batch; n++) {
        Kernels.gemmTransA(g.patchSize(), p, f, conv.weight().value(), 0, dout,
            n * f * p, col, 0, false);
        for (int c = 0; c < g.channels(); c++) {
          for (int ky = 0; ky < g.kernelHeight(); ky++) {
            for (int kx = 0; kx < g.kernelWidth(); kx++) {
              int row = (c * g.kernelHeight() + ky) * g.kernelWidth() + kx;
              for (int q = 0; q < p; q++) {
                int iy = q / g.outWidth() * g.stride() + ky - g.pad();
                int ix = q % g.outWidth() * g.stride() + kx - g.pad();
                if (iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width()) {
                  dx[n * g.inputSize() + (c * g.height() + iy) * g.width() + ix] =
                      col[row * p + q];
                }
              }
            }
          }
        }
      }
      return dx;
    }
  }

  /** db from the first output position of each filter only, not summed over positions. */
  static final class UnsummedBiasConv extends Wrapped {
    final Convolution conv;

    UnsummedBiasConv(Convolution conv) {
      super(conv);
      this.conv = conv;
    }

    @Override
    public float[] backward(float[] dout) {
      float[] dx = conv.backward(dout);
      float[] db = conv.bias().grad();
      int f = conv.filters();
      int p = conv.window().positions();
      Arrays.fill(db, 0f);
      for (int n = 0; n < batch; n++) {
        for (int k = 0; k < f; k++) {
          db[k] += dout[(n * f + k) * p];
        }
      }
      return dx;
    }
  }

  /** Routes each output's gradient to the last element of its window instead of the winner. */
  static final class MisroutingPool extends Wrapped {
    final MaxPooling pool;

    MisroutingPool(MaxPooling pool) {
      super(pool);
      this.pool = pool;
    }

    @Override
    public float[] backward(float[] dout) {
      Window g = pool.window();
      float[] dx = new float[batch * g.inputSize()];
      int o = 0;
      for (int plane = 0; plane < batch * g.channels(); plane++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++, o++) {
            int iy = Math.min(g.height() - 1, oy * g.stride() + g.kernelHeight() - 1 - g.pad());
            int ix = Math.min(g.width() - 1, ox * g.stride() + g.kernelWidth() - 1 - g.pad());
            dx[(plane * g.height() + iy) * g.width() + ix] += dout[o];
          }
        }
      }
      return dx;
    }
  }

  /** {C,H,W,F,KH,KW,stride,pad}: 3×3 windows at stride 1 overlap everywhere inside. */
  static final int[] OVERLAPPING = {2, 5, 6, 2, 3, 3, 1, 1};

  @Test
  void aCol2imThatDropsTheOverlapIsCaught() {
    int batch = 2;
    Convolution real = ConvolutionLayersTest.conv(OVERLAPPING, SEED);
    float[] x = StackFixtures.uniform(batch * real.inputSize(), SEED, -1, 1);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(real, x, batch));
    OverlapDroppingConv broken = new OverlapDroppingConv(
        ConvolutionLayersTest.conv(OVERLAPPING, SEED));
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(broken, x, batch));
    assertEquals(GradientCheckFailure.Kind.MISMATCH, f.kind());
    assertEquals("x", f.parameter(), "dW and db are right; dx is not");
    assertTrue(f.layer().contains("OverlapDroppingConv"), f.layer());
  }

  @Test
  void aBiasGradientNotSummedOverPositionsIsCaught() {
    int batch = 3;
    int[] c = {1, 5, 5, 3, 2, 2, 1, 0};
    Convolution real = ConvolutionLayersTest.conv(c, SEED + 1);
    float[] x = StackFixtures.uniform(batch * real.inputSize(), SEED + 1, -1, 1);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(real, x, batch));
    UnsummedBiasConv broken = new UnsummedBiasConv(ConvolutionLayersTest.conv(c, SEED + 1));
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(broken, x, batch));
    assertEquals("b", f.parameter());
  }

  @Test
  void aPoolingBackwardThatRoutesToTheWrongElementIsCaughtAloneAndInANetwork() {
    int batch = 2;
    Window g = new Window(2, 6, 6, 2, 2, 2, 0);
    float[] x = ConvolutionLayersTest.distinct(batch * g.inputSize(), SEED + 2);
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkLayer(new MaxPooling("Pool", g),
        x, batch));
    MisroutingPool broken = new MisroutingPool(new MaxPooling("Pool", g));
    GradientCheckFailure f = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkLayer(broken, x, batch));
    assertEquals("x", f.parameter());

    // Upstream of it, the convolution's filters get the wrong gradient. The input is chosen on
    // the same network with the real pooling (same seed, same weights): clear winners there.
    Network ref = poolNet(new MaxPooling("Pool", new Window(2, 7, 7, 2, 2, 2, 0)));
    Network net = poolNet(new MisroutingPool(new MaxPooling("Pool", new Window(2, 7, 7, 2, 2, 2,
        0))));
    float[] nx = null;
    for (long s = SEED; nx == null; s++) {
      float[] cand = StackFixtures.uniform(batch * net.inputSize(), s, -1, 1);
      if (ConvolutionLayersTest.poolingGap(ref, cand, batch) > 0.03) {
        nx = cand;
      }
    }
    float[] input = nx;
    GradientCheckFailure g2 = assertThrows(GradientCheckFailure.class,
        () -> GradientCheck.withSeed(SEED).checkNetwork(net, input, batch,
            StackFixtures.labels(batch, 3, 5)));
    assertTrue(g2.parameter().equals("Wconv1") || g2.parameter().equals("bconv1"),
        "the convolution before the pooling is wrong, failed on " + g2.parameter());
    assertDoesNotThrow(() -> GradientCheck.withSeed(SEED).checkNetwork(ref, input, batch,
        StackFixtures.labels(batch, 3, 5)), "the same network with the real pooling passes");
  }

  static Network poolNet(Layer pool) {
    Network net = Network.builder(1, 8, 8).init(WeightInit.he()).conv(2, 2, 2, 1, 0).tanh()
        .add(pool).affine(3).build(3);
    StackFixtures.perturbNonWeights(net, SEED);
    return net;
  }
}
