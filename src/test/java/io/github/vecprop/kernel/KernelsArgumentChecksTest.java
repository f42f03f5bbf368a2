package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every check behind the facade's {@code @throws}, one operand at a time, each with its boundary:
 * an array that holds exactly offset + size elements passes (from offset 0, and from offset 1 in
 * an array one longer), one element short, a negative offset, a null array and the wrong aliasing
 * fail with {@link IllegalArgumentException} whose message starts with the operand's name; a
 * negative dimension fails naming "shape" (or "n", or "m"), a zero one passes. The arrays of one
 * call are always distinct unless a case is about aliasing, so the message can only come from the
 * check under test. KernelsContractTest has the first few of these; this is the full table.
 */
class KernelsArgumentChecksTest {

  /** One array operand of a call: its name in the messages, type and the elements it needs. */
  private record Operand(String name, char type, long need) {}

  /** A call of one facade method on the given arrays at the given offsets. */
  private interface Call {
    void run(Object[] arrays, int[] offsets);
  }

  private static Operand f(String name, long need) {
    return new Operand(name, 'f', need);
  }

  private static Operand i(String name, long need) {
    return new Operand(name, 'i', need);
  }

  private static Operand b(String name, long need) {
    return new Operand(name, 'b', need);
  }

  /** An array for op of the given length: floats 0.25 (a valid value for every kernel), labels 0. */
  private static Object array(Operand op, int length) {
    return switch (op.type()) {
      case 'f' -> {
        float[] x = new float[length];
        Arrays.fill(x, 0.25f);
        yield x;
      }
      case 'i' -> new int[length];
      default -> new byte[length];
    };
  }

  private static Object[] arrays(Operand[] ops, int extra) {
    Object[] a = new Object[ops.length];
    for (int j = 0; j < ops.length; j++) {
      a[j] = array(ops[j], (int) ops[j].need() + extra);
    }
    return a;
  }

  static IllegalArgumentException rejects(String operand, String what, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call,
        "expected a rejection naming " + operand);
    assertTrue(e.getMessage().startsWith(operand + ":"),
        "message should name " + operand + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(what), "message should say '" + what + "': "
        + e.getMessage());
    return e;
  }

  /**
   * The boundary calls pass; then each operand in turn is null, one element short, at offset −1
   * and at offset 1 without the room for it, every other operand fitting exactly.
   */
  private static void checksEveryOperand(Call call, Operand... ops) {
    call.run(arrays(ops, 0), new int[ops.length]);
    int[] ones = new int[ops.length];
    Arrays.fill(ones, 1);
    call.run(arrays(ops, 1), ones);
    for (int j = 0; j < ops.length; j++) {
      Operand op = ops[j];
      final int at = j;
      Object[] a = arrays(ops, 0);
      a[at] = null;
      rejects(op.name(), "is null", () -> call.run(a, new int[ops.length]));
      if (op.need() > 0) {
        Object[] s = arrays(ops, 0);
        s[at] = array(op, (int) op.need() - 1);
        rejects(op.name(), "needs " + op.need() + " elements from offset 0 but the array has "
            + (op.need() - 1), () -> call.run(s, new int[ops.length]));
      }
      int[] minus = new int[ops.length];
      minus[at] = -1;
      rejects(op.name(), "from offset -1", () -> call.run(arrays(ops, 0), minus));
      int[] one = new int[ops.length];
      one[at] = 1;
      rejects(op.name(), "needs " + op.need() + " elements from offset 1 but the array has "
          + op.need(), () -> call.run(arrays(ops, 0), one));
    }
  }

  private static float[] fa(Object o) {
    return (float[]) o;
  }

  private static int[] ia(Object o) {
    return (int[]) o;
  }

  /**
   * The convolution kernels, on 2 channels of 5 × 4 under a 3 × 2 window, stride 1, pad 1: 5 × 5
   * positions, patches of 12, samples of 40 (every size below is one of these products).
   */
  @Test
  void convolutionKernelsCheckEveryOperand() {
    Window g = new Window(2, 5, 4, 3, 2, 1, 1);
    assertEquals(25, g.positions());
    checksEveryOperand((a, o) -> ConvKernels.im2col(g, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 40), f("col", 300));
    checksEveryOperand((a, o) -> ConvKernels.im2colTransposed(g, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 40), f("colT", 300));
    checksEveryOperand((a, o) -> ConvKernels.col2im(g, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("col", 300), f("dx", 40));
    // Pooling with the same window over a batch of 3: 3·2·25 outputs of 3·40 inputs.
    checksEveryOperand((a, o) -> ConvKernels.maxPool(3, g, fa(a[0]), o[0], fa(a[1]), o[1],
        new int[150]), f("x", 120), f("y", 150));
    checksEveryOperand((a, o) -> ConvKernels.maxPoolBackward(3, g, fa(a[0]), o[0], new int[150],
        fa(a[1]), o[1]), f("dout", 150), f("dx", 120));
    checksEveryOperand((a, o) -> ConvKernels.fillRows(3, 7, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("v", 3), f("out", 21));
    float[] same = new float[400];
    rejects("col", "", () -> ConvKernels.im2col(g, same, 0, same, 0));
    rejects("colT", "", () -> ConvKernels.im2colTransposed(g, same, 0, same, 0));
    rejects("dx", "", () -> ConvKernels.col2im(g, same, 0, same, 0));
    rejects("y", "", () -> ConvKernels.maxPool(3, g, same, 0, same, 0, new int[150]));
    rejects("dx", "", () -> ConvKernels.maxPoolBackward(3, g, same, 0, new int[150], same, 0));
  }

  /** Pooling's pad must be below the window's height and its width, each at its boundary. */
  @Test
  void poolingPadIsBelowBothWindowSides() {
    float[] x = new float[16];
    float[] y = new float[100];
    int[] arg = new int[100];
    ConvKernels.maxPool(1, new Window(1, 4, 4, 3, 2, 1, 1), x, 0, y, 0, arg);
    ConvKernels.maxPool(1, new Window(1, 4, 4, 2, 3, 1, 1), x, 0, y, 0, arg);
    assertThrows(IllegalArgumentException.class,
        () -> ConvKernels.maxPool(1, new Window(1, 4, 4, 3, 2, 1, 2), x, 0, y, 0, arg));
    assertThrows(IllegalArgumentException.class,
        () -> ConvKernels.maxPool(1, new Window(1, 4, 4, 2, 3, 1, 2), x, 0, y, 0, arg));
  }

  /** fillRows writes v[i] over row i, and nothing past the m·n elements. */
  @Test
  void fillRowsCopiesEachRowsValue() {
    float[] out = new float[3 * 4 + 2];
    Arrays.fill(out, -1f);
    ConvKernels.fillRows(3, 4, new float[] {9f, 1.5f, 2f, -3f}, 1, out, 1);
    float[] want = {-1f, 1.5f, 1.5f, 1.5f, 1.5f, 2f, 2f, 2f, 2f, -3f, -3f, -3f, -3f, -1f};
    assertEquals(Arrays.toString(want), Arrays.toString(out));
  }

  // m = 2, n = 3, k = 5 throughout: every product of two of them is distinct and not a sum.

  @Test
  void gemmFormsCheckEveryOperand() {
    checksEveryOperand((a, o) -> Kernels.gemm(2, 3, 5, fa(a[0]), o[0], fa(a[1]), o[1], fa(a[2]),
        o[2], false), f("A", 10), f("B", 15), f("C", 6));
    checksEveryOperand((a, o) -> Kernels.gemmTransA(2, 3, 5, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2], true), f("A", 10), f("B", 15), f("C", 6));
    checksEveryOperand((a, o) -> Kernels.gemmTransB(2, 3, 5, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2], false), f("A", 10), f("B", 15), f("C", 6));
  }

  /** The short forms are the long ones from offset 0 without accumulate: C is overwritten. */
  @Test
  void gemmShortFormsStartAtZeroAndOverwrite() {
    float[] a = {1, 2, 3, 4, 5, 6}; // 2×3, or stored 3×2 for Aᵀ
    float[] b = {1, 0, 2, 1, 0, 3}; // 3×2, or stored 2×3 for Bᵀ
    for (int form = 0; form < 3; form++) {
      int fm = form;
      float[] c = {9, 9, 9, 9};
      gemm(fm, 2, 2, 3, a, b, c);
      float[] want = switch (form) {
        // [1 2 3; 4 5 6]·[1 0; 2 1; 0 3]
        case 0 -> new float[] {5, 11, 14, 23};
        // Aᵀ with A stored 3×2 = [1 2; 3 4; 5 6] → Aᵀ = [1 3 5; 2 4 6], times B 3×2
        case 1 -> new float[] {7, 18, 10, 22};
        // B stored 2×3 = [1 0 2; 1 0 3] → Bᵀ = [1 1; 0 0; 2 3]
        default -> new float[] {7, 10, 16, 22};
      };
      assertEquals(Arrays.toString(want), Arrays.toString(c), "form " + form);
      rejects("A", "is null", () -> gemm(fm, 2, 2, 3, null, b, new float[4]));
      rejects("B", "but the array has 5", () -> gemm(fm, 2, 2, 3, a, new float[5], new float[4]));
      rejects("C", "but the array has 3", () -> gemm(fm, 2, 2, 3, a, b, new float[3]));
    }
  }

  /** A stored k×m for gemmTransA and B stored n×k for gemmTransB: their own lengths. */
  @Test
  void gemmTransposedOperandsNeedTheirStoredShape() {
    // m = 2, n = 3, k = 5 → A k×m = 10, B k×n = 15; with m = 3, n = 2, k = 4: A 12, B 8.
    checksEveryOperand((a, o) -> Kernels.gemmTransA(3, 2, 4, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2], false), f("A", 12), f("B", 8), f("C", 6));
    checksEveryOperand((a, o) -> Kernels.gemmTransB(3, 2, 4, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2], false), f("A", 12), f("B", 8), f("C", 6));
  }

  @Test
  void gemmDimensions() {
    float[] a = new float[10];
    float[] b = new float[15];
    float[] c = new float[6];
    for (int form = 0; form < 3; form++) {
      int fm = form;
      for (int which = 0; which < 3; which++) {
        int m = which == 0 ? -1 : 2;
        int n = which == 1 ? -1 : 3;
        int k = which == 2 ? -1 : 5;
        IllegalArgumentException e = rejects("shape", "must be non-negative",
            () -> gemm(fm, m, n, k, a, b, c));
        assertTrue(e.getMessage().endsWith("m=" + m + " n=" + n + " k=" + k), e.getMessage());
      }
      // Zero sizes are fine and write nothing (k = 0 writes C = 0, the empty sum).
      float[] untouched = {7f};
      gemm(fm, 0, 3, 5, a, b, untouched);
      gemm(fm, 2, 0, 5, a, b, untouched);
      assertEquals(7f, untouched[0]);
      float[] zeroK = new float[6];
      Arrays.fill(zeroK, 9f);
      gemm(fm, 2, 3, 0, new float[0], new float[0], zeroK);
      for (float z : zeroK) {
        assertEquals(0f, z, "k = 0 gives the empty sum, +0");
      }
    }
  }

  private static void gemm(int form, int m, int n, int k, float[] a, float[] b, float[] c) {
    switch (form) {
      case 0 -> Kernels.gemm(m, n, k, a, b, c);
      case 1 -> Kernels.gemmTransA(m, n, k, a, b, c);
      default -> Kernels.gemmTransB(m, n, k, a, b, c);
    }
  }

  @Test
  void gemmAliasing() {
    float[] x = new float[16];
    float[] y = new float[16];
    for (int form = 0; form < 3; form++) {
      int fm = form;
      rejects("C", "must not be the same array as A", () -> gemm(fm, 4, 4, 4, x, y, x));
      rejects("C", "must not be the same array as B", () -> gemm(fm, 4, 4, 4, y, x, x));
      // A and B may be one array: both are only read.
      Arrays.fill(x, 1f);
      float[] c = new float[16];
      gemm(fm, 4, 4, 4, x, x, c);
      for (float v : c) {
        assertEquals(4f, v);
      }
    }
  }

  @Test
  void rowVectorAndReductionsCheckEveryOperand() {
    checksEveryOperand((a, o) -> Kernels.addRowVector(2, 3, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 6), f("bias", 3));
    checksEveryOperand((a, o) -> Kernels.columnSums(2, 3, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 6), f("out", 3));
    checksEveryOperand((a, o) -> Kernels.sum(5, fa(a[0]), o[0]), f("x", 5));
    float[] x = new float[6];
    rejects("x", "must not be the same array as bias", () -> Kernels.addRowVector(2, 3, x, 0, x,
        0));
    rejects("out", "must not be the same array as x", () -> Kernels.columnSums(2, 3, x, 0, x, 0));
    rejects("shape", "m=-1 n=3 k=1", () -> Kernels.addRowVector(-1, 3, x, 0, new float[3], 0));
    rejects("shape", "m=2 n=-1 k=1", () -> Kernels.addRowVector(2, -1, x, 0, new float[3], 0));
    rejects("shape", "m=-1 n=3 k=1", () -> Kernels.columnSums(-1, 3, x, 0, new float[3], 0));
    rejects("shape", "m=2 n=-1 k=1", () -> Kernels.columnSums(2, -1, x, 0, new float[3], 0));
    rejects("n", "must be non-negative, got -1", () -> Kernels.sum(-1, x, 0));
    assertEquals(0f, Kernels.sum(0, new float[0], 0));
    float[] out = {5f, 5f, 5f};
    Kernels.columnSums(0, 3, new float[0], 0, out, 0);
    assertEquals("[0.0, 0.0, 0.0]", Arrays.toString(out), "m = 0: each column sum is +0");
  }

  @Test
  void activationsCheckEveryOperand() {
    checksEveryOperand((a, o) -> Kernels.relu(5, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 5), f("y", 5));
    checksEveryOperand((a, o) -> ActivationKernels.sigmoid(5, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 5), f("y", 5));
    checksEveryOperand((a, o) -> ActivationKernels.tanh(5, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 5), f("y", 5));
    checksEveryOperand((a, o) -> Kernels.reluBackward(5, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2]), f("x", 5), f("dout", 5), f("dx", 5));
    checksEveryOperand((a, o) -> ActivationKernels.sigmoidBackward(5, fa(a[0]), o[0], fa(a[1]),
        o[1], fa(a[2]), o[2]), f("y", 5), f("dout", 5), f("dx", 5));
    checksEveryOperand((a, o) -> ActivationKernels.tanhBackward(5, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2]), f("y", 5), f("dout", 5), f("dx", 5));
    checksEveryOperand((a, o) -> Kernels.unsignedBytesToUnit(5, (byte[]) a[0], o[0], fa(a[1]),
        o[1]), b("src", 5), f("dst", 5));
    float[] x = new float[5];
    Executable[] negative = {
        () -> Kernels.relu(-1, x, 0, x, 0),
        () -> ActivationKernels.sigmoid(-1, x, 0, x, 0),
        () -> ActivationKernels.tanh(-1, x, 0, x, 0),
        () -> Kernels.reluBackward(-1, x, 0, x, 0, x, 0),
        () -> ActivationKernels.sigmoidBackward(-1, x, 0, x, 0, x, 0),
        () -> ActivationKernels.tanhBackward(-1, x, 0, x, 0, x, 0),
        () -> Kernels.unsignedBytesToUnit(-1, new byte[5], 0, x, 0),
        () -> UpdateKernels.axpy(-1, 1f, x, 0, new float[5], 0),
        () -> UpdateKernels.scale(-1, 1f, x, 0),
        () -> FeatureKernels.multiply(-1, x, 0, x, 0, x, 0)};
    for (Executable e : negative) {
      rejects("n", "must be non-negative, got -1", e);
    }
  }

  @Test
  void lossesCheckEveryOperand() {
    checksEveryOperand((a, o) -> LossKernels.softmaxRows(2, 3, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 6), f("y", 6));
    checksEveryOperand((a, o) -> LossKernels.crossEntropy(2, 3, fa(a[0]), o[0], ia(a[1]), o[1]),
        f("y", 6), i("labels", 2));
    checksEveryOperand((a, o) -> LossKernels.crossEntropyOneHot(2, 3, fa(a[0]), o[0], fa(a[1]),
        o[1]), f("y", 6), f("t", 6));
    checksEveryOperand((a, o) -> LossKernels.softmaxLossBackwardOneHot(2, 3, fa(a[0]), o[0],
        fa(a[1]), o[1], fa(a[2]), o[2]), f("y", 6), f("t", 6), f("dx", 6));
    checksEveryOperand((a, o) -> LossKernels.softmaxLossBackward(2, 3, fa(a[0]), o[0], ia(a[1]),
        o[1], fa(a[2]), o[2]), f("y", 6), i("labels", 2), f("dx", 6));
    checksEveryOperand((a, o) -> LossKernels.argmaxRows(2, 3, fa(a[0]), o[0], ia(a[1]), o[1]),
        f("x", 6), i("out", 2));
  }

  @Test
  void lossDimensions() {
    float[] y = new float[6];
    float[] t = new float[6];
    float[] dx = new float[6];
    int[] labels = new int[2];
    // m must be positive for the losses and their gradients; n not negative.
    rejects("m", "must be positive, got 0", () -> LossKernels.crossEntropy(0, 3, y, 0, labels, 0));
    rejects("m", "must be positive, got 0", () -> LossKernels.crossEntropyOneHot(0, 3, y, 0, t, 0));
    rejects("m", "must be positive, got 0",
        () -> LossKernels.softmaxLossBackwardOneHot(0, 3, y, 0, t, 0, dx, 0));
    rejects("m", "must be positive, got 0",
        () -> LossKernels.softmaxLossBackward(0, 3, y, 0, labels, 0, dx, 0));
    rejects("shape", "m=-1 n=3", () -> LossKernels.crossEntropyOneHot(-1, 3, y, 0, t, 0));
    rejects("shape", "m=2 n=-1", () -> LossKernels.crossEntropyOneHot(2, -1, y, 0, t, 0));
    rejects("shape", "m=2 n=-1",
        () -> LossKernels.softmaxLossBackwardOneHot(2, -1, y, 0, t, 0, dx, 0));
    rejects("shape", "m=2 n=-1", () -> LossKernels.crossEntropy(2, -1, y, 0, labels, 0));
    rejects("shape", "m=-1 n=3", () -> LossKernels.softmaxRows(-1, 3, y, 0, dx, 0));
    rejects("shape", "m=2 n=-1", () -> LossKernels.softmaxRows(2, -1, y, 0, dx, 0));
    rejects("shape", "m=-1 n=3", () -> LossKernels.argmaxRows(-1, 3, y, 0, labels, 0));
    rejects("n", "softmax needs at least one column", () -> LossKernels.softmaxRows(2, 0, y, 0, dx,
        0));
    rejects("n", "argmax needs at least one column", () -> LossKernels.argmaxRows(2, 0, y, 0,
        labels, 0));
    // One row is the smallest loss batch; m = 0 rows of softmax or argmax are nothing to do.
    float[] third = {1f / 3, 1f / 3, 1f / 3};
    assertEquals(Math.log(3), LossKernels.crossEntropy(1, 3, third, 0, new int[] {2}, 0), 1e-6);
    LossKernels.softmaxRows(0, 3, new float[0], 0, new float[0], 0);
    LossKernels.argmaxRows(0, 3, new float[0], 0, new int[0], 0);
    // n = 1: the only class is 0.
    assertEquals(0f, LossKernels.crossEntropy(1, 1, new float[] {1f}, 0, new int[] {0}, 0), 1e-6f);
  }

  @Test
  void labelsMustBeClassesNamedByTheirIndex() {
    float[] y = new float[9];
    Arrays.fill(y, 1f / 3);
    float[] dx = new float[9];
    // labels from offset 1: the message gives the index in the array, not in the batch.
    int[] labels = {9, 0, 2, -1};
    rejects("labels[3]", "expected a class in [0, 3), got -1",
        () -> LossKernels.crossEntropy(3, 3, y, 0, labels, 1));
    rejects("labels[3]", "got -1",
        () -> LossKernels.softmaxLossBackward(3, 3, y, 0, labels, 1, dx, 0));
    int[] tooBig = {0, 3};
    rejects("labels[1]", "expected a class in [0, 3), got 3",
        () -> LossKernels.crossEntropy(2, 3, y, 0, tooBig, 0));
    rejects("labels[0]", "got 9", () -> LossKernels.crossEntropy(1, 3, y, 0, labels, 0));
    // 0 and n − 1 are classes.
    float loss = LossKernels.crossEntropy(2, 3, y, 0, new int[] {0, 2}, 0);
    assertEquals(Math.log(3), loss, 1e-6);
  }

  @Test
  void lossAliasing() {
    float[] x = new float[12];
    Arrays.fill(x, 0.5f);
    rejects("y", "overlaps x at a different offset", () -> LossKernels.softmaxRows(2, 3, x, 0, x,
        6));
    float[] t = new float[6];
    rejects("dx", "must not be the same array as t",
        () -> LossKernels.softmaxLossBackwardOneHot(2, 3, x, 0, t, 0, t, 0));
    rejects("dx", "overlaps y at a different offset",
        () -> LossKernels.softmaxLossBackward(2, 3, x, 0, new int[2], 0, x, 6));
    // In place where documented: softmax y = x, the gradients dx = y (same offset).
    float[] s = {0f, 0f, 0f, 1f, 1f, 1f};
    LossKernels.softmaxRows(2, 3, s, 0, s, 0);
    for (float v : s) {
      assertEquals(1f / 3, v, 1e-7f);
    }
    float[] y = {0.25f, 0.75f};
    LossKernels.softmaxLossBackward(1, 2, y, 0, new int[] {1}, 0, y, 0);
    assertEquals(0.25f, y[0]);
    assertEquals(-0.25f, y[1]);
    float[] y2 = {0.25f, 0.75f};
    LossKernels.softmaxLossBackwardOneHot(1, 2, y2, 0, new float[] {0f, 1f}, 0, y2, 0);
    assertEquals(0.25f, y2[0]);
    assertEquals(-0.25f, y2[1]);
  }

  @Test
  void featureKernelsCheckEveryOperand() {
    checksEveryOperand((a, o) -> FeatureKernels.multiply(5, fa(a[0]), o[0], fa(a[1]), o[1],
        fa(a[2]), o[2]), f("x", 5), f("y", 5), f("out", 5));
    checksEveryOperand((a, o) -> FeatureKernels.scaleShiftRows(2, 3, fa(a[0]), o[0], fa(a[1]),
        o[1], fa(a[2]), o[2], fa(a[3]), o[3]), f("x", 6), f("scale", 3), f("shift", 3),
        f("out", 6));
    checksEveryOperand((a, o) -> FeatureKernels.scaleAddRows(2, 3, fa(a[0]), o[0], fa(a[1]),
        o[1], fa(a[2]), o[2], fa(a[3]), o[3]), f("x", 6), f("scale", 3), f("y", 6),
        f("out", 6));
    float[] x = new float[6];
    rejects("shape", "m=-1 n=3 k=0", () -> FeatureKernels.scaleShiftRows(-1, 3, x, 0, x, 0, x, 0,
        x, 0));
    rejects("shape", "m=2 n=-1 k=0", () -> FeatureKernels.scaleShiftRows(2, -1, x, 0, x, 0, x, 0,
        x, 0));
    rejects("shape", "m=-1 n=3 k=0", () -> FeatureKernels.scaleAddRows(-1, 3, x, 0, x, 0, x, 0,
        x, 0));
    rejects("shape", "m=2 n=-1 k=0", () -> FeatureKernels.scaleAddRows(2, -1, x, 0, x, 0, x, 0,
        x, 0));
    // out may be x (and y): in place.
    float[] v = {1f, 2f, 3f};
    FeatureKernels.multiply(3, v, 0, v, 0, v, 0);
    assertEquals("[1.0, 4.0, 9.0]", Arrays.toString(v));
  }

  @Test
  void updateKernelsCheckEveryOperand() {
    checksEveryOperand((a, o) -> UpdateKernels.axpy(5, 2f, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("x", 5), f("y", 5));
    checksEveryOperand((a, o) -> UpdateKernels.scale(5, 2f, fa(a[0]), o[0]), f("x", 5));
    checksEveryOperand((a, o) -> UpdateKernels.sgdUpdate(5, 0.1f, fa(a[0]), o[0], fa(a[1]), o[1]),
        f("g", 5), f("p", 5));
    checksEveryOperand((a, o) -> UpdateKernels.momentumUpdate(5, 0.1f, 0.9f, fa(a[0]), o[0],
        fa(a[1]), o[1], fa(a[2]), o[2]), f("g", 5), f("v", 5), f("p", 5));
    checksEveryOperand((a, o) -> UpdateKernels.nesterovUpdate(5, 0.1f, 0.9f, fa(a[0]), o[0],
        fa(a[1]), o[1], fa(a[2]), o[2]), f("g", 5), f("v", 5), f("p", 5));
    checksEveryOperand((a, o) -> UpdateKernels.adaGradUpdate(5, 0.1f, 1e-7f, fa(a[0]), o[0],
        fa(a[1]), o[1], fa(a[2]), o[2]), f("g", 5), f("h", 5), f("p", 5));
    checksEveryOperand((a, o) -> UpdateKernels.rmsPropUpdate(5, 0.1f, 0.99f, 1e-7f, fa(a[0]),
        o[0], fa(a[1]), o[1], fa(a[2]), o[2]), f("g", 5), f("h", 5), f("p", 5));
    checksEveryOperand((a, o) -> UpdateKernels.adamUpdate(5, 0.1f, 0.9f, 0.999f, 1e-7f, fa(a[0]),
        o[0], fa(a[1]), o[1], fa(a[2]), o[2], fa(a[3]), o[3]), f("g", 5), f("m", 5), f("v", 5),
        f("p", 5));
    float[] x = new float[5];
    rejects("n", "got -1", () -> UpdateKernels.sgdUpdate(-1, 0.1f, x, 0, new float[5], 0));
    rejects("n", "got -1", () -> UpdateKernels.momentumUpdate(-1, 0.1f, 0.9f, x, 0,
        new float[5], 0, new float[5], 0));
    rejects("n", "got -1", () -> UpdateKernels.adamUpdate(-1, 0.1f, 0.9f, 0.999f, 1e-7f, x, 0,
        new float[5], 0, new float[5], 0, new float[5], 0));
  }

  /** g, the state and p must be three (Adam: four) different arrays, whatever the offsets. */
  @Test
  void updateStateAliasing() {
    float[] a = new float[10];
    float[] b = new float[10];
    float[] c = new float[10];
    rejects("p", "must not be the same array as g", () -> UpdateKernels.sgdUpdate(5, 0.1f, a, 0,
        a, 5));
    for (int kind = 0; kind < 4; kind++) {
      String s = kind < 2 ? "v" : "h";
      int kd = kind;
      rejects(s, "must not be the same array as g", () -> state(kd, a, a, b));
      rejects("p", "must not be the same array as g", () -> state(kd, a, b, a));
      rejects("p", "must not be the same array as " + s, () -> state(kd, a, b, b));
      state(kd, a, b, c); // three arrays: fine
    }
    float[] d = new float[10];
    rejects("m", "must not be the same array as g", () -> adam(a, a, b, c));
    rejects("p", "must not be the same array as g", () -> adam(a, b, c, a));
    rejects("p", "must not be the same array as m", () -> adam(a, b, c, b));
    rejects("v", "must not be the same array as g", () -> adam(a, b, a, c));
    rejects("v", "must not be the same array as m", () -> adam(a, b, b, c));
    rejects("v", "must not be the same array as p", () -> adam(a, b, c, c));
    adam(a, b, c, d);
  }

  private static void state(int kind, float[] g, float[] s, float[] p) {
    switch (kind) {
      case 0 -> UpdateKernels.momentumUpdate(5, 0.1f, 0.9f, g, 0, s, 5, p, 0);
      case 1 -> UpdateKernels.nesterovUpdate(5, 0.1f, 0.9f, g, 0, s, 5, p, 0);
      case 2 -> UpdateKernels.adaGradUpdate(5, 0.1f, 1e-7f, g, 0, s, 5, p, 0);
      default -> UpdateKernels.rmsPropUpdate(5, 0.1f, 0.99f, 1e-7f, g, 0, s, 5, p, 0);
    }
  }

  private static void adam(float[] g, float[] m, float[] v, float[] p) {
    UpdateKernels.adamUpdate(5, 0.1f, 0.9f, 0.999f, 1e-7f, g, 0, m, 5, v, 0, p, 5);
  }

  @Test
  void threadsMustBeAtLeastOne() {
    rejects("threads", "must be at least 1, got 0", () -> Kernels.setThreads(0));
    int before = Kernels.threads();
    Kernels.setThreads(1); // the boundary
    assertEquals(1, Kernels.threads());
    Kernels.setThreads(before);
  }
}
