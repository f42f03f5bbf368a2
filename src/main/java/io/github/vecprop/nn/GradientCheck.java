package io.github.vecprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks a layer's backward against central differences of its forward, the
 * {@code torch.autograd.gradcheck} way, so users can check their own {@link Layer}s.
 *
 * <p><b>Numerics.</b> Parameters are float, so each element is perturbed in float to
 * {@code (float)(v ± h)} and the step actually taken — the difference of those two floats — is
 * the divisor. The forward runs in float; the scalar objective and the difference are computed in
 * double:
 * <ul>
 *   <li>a {@link Layer}: the objective is Σ r ⊙ forward(x), r a random upstream gradient in
 *       [−1, 1] drawn from the seed, and the analytic gradient is backward(r);
 *   <li>a {@link SoftmaxWithLoss}: the mean cross-entropy recomputed in double from the layer's
 *       float probabilities;
 *   <li>a {@link Network}: the mean cross-entropy recomputed in double (softmax included) from
 *       the float logits ({@link NumericalGradient#of(Network, float[], int, int[], double)}).
 * </ul>
 * Outputs an element does not touch are bit-identical in both runs (within one JIT tier) and
 * cancel exactly, so the
 * error is the float rounding of the touched outputs divided by 2h plus the O(h²) truncation
 * error. With the defaults ({@link #DEFAULT_STEP} 1e-2 for layers, {@link #DEFAULT_NETWORK_STEP}
 * 2e-3 for networks, {@link #DEFAULT_ATOL} 2e-4, {@link #DEFAULT_RTOL} 2e-2) that is well inside
 * the tolerance for inputs and weights of order one and fan-ins up to a few hundred.
 * Piecewise-linear layers (ReLU) must be fed inputs (pre-activations, for a network) farther
 * than the step times their amplification from the kink.
 *
 * <p><b>What passes.</b> Every element of every parameter and of the input gradient satisfies
 * |analytic − numeric| ≤ atol + rtol·|numeric|; backward run twice gives the same results;
 * a zero upstream gradient gives exactly zero. (Twice agrees to {@link #REPEAT_RTOL}, not
 * bit for bit, because JIT tiers of the Vector API kernels may round differently.) The first
 * violation throws a
 * {@link GradientCheckFailure} naming the layer, parameter, index (row, column), both values and
 * the seed. Every perturbed element is restored in {@code finally}, also on failure; the layer is
 * left holding the forward and backward of the unperturbed input.
 *
 * <p>Instances are immutable and may be shared; {@code with…} methods return modified copies.
 * A check drives the layer or network it is given, which is single-writer: do not use that
 * object from another thread during the check.
 */
public final class GradientCheck {
  /**
   * Default perturbation h for {@link #checkLayer} and {@link #checkLoss}. A single layer's
   * objective is a long float sum whose rounding, divided by 2h, is the noise floor, so it takes
   * the larger step; ReLU inputs must then stay more than h from 0.
   */
  public static final double DEFAULT_STEP = 1e-2;
  /**
   * Default perturbation h for {@link #checkNetwork} (and {@link NumericalGradient}): the
   * loss is recomputed in double from the logits, so the noise is small and the smaller step
   * keeps the truncation error and the ReLU margin needed small.
   */
  public static final double DEFAULT_NETWORK_STEP = 2e-3;
  /** Default absolute tolerance. */
  public static final double DEFAULT_ATOL = 2e-4;
  /** Default relative tolerance (relative to |numeric|). */
  public static final double DEFAULT_RTOL = 2e-2;

  private final long seed;
  private final double step;
  private final double atol;
  private final double rtol;
  private final int maxElements;

  private GradientCheck(long seed, double step, double atol, double rtol, int maxElements) {
    if (!(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException(
          "step must be positive and tolerances non-negative, got step " + step + " atol " + atol
              + " rtol " + rtol);
    }
    this.seed = seed;
    this.step = step;
    this.atol = atol;
    this.rtol = rtol;
    this.maxElements = maxElements;
  }

  /**
   * A check with the default steps and tolerances; the seed draws the upstream gradient and is
   * reported on failure.
   *
   * @param seed draws the random upstream gradient and the element sample
   * @return a check that differences every element
   */
  public static GradientCheck withSeed(long seed) {
    return new GradientCheck(seed, Double.NaN, DEFAULT_ATOL, DEFAULT_RTOL, Integer.MAX_VALUE);
  }

  /**
   * The same check with one step h for layers, losses and networks alike.
   *
   * @param h the perturbation, positive
   * @return a modified copy
   * @throws IllegalArgumentException when h is not positive
   */
  public GradientCheck withStep(double h) {
    if (!(h > 0)) {
      throw new IllegalArgumentException("step: must be positive, got " + h);
    }
    return new GradientCheck(seed, h, atol, rtol, maxElements);
  }

  /**
   * The same check with other tolerances.
   *
   * @param atol absolute tolerance, at least 0
   * @param rtol tolerance relative to |numeric|, at least 0
   * @return a modified copy
   * @throws IllegalArgumentException when a tolerance is negative or NaN
   */
  public GradientCheck withTolerances(double atol, double rtol) {
    return new GradientCheck(seed, step, atol, rtol, maxElements);
  }

  /**
   * The same check, but central differences for at most {@code max} elements of each parameter
   * (and of the input gradient), chosen at random from the seed; tensors that small or smaller
   * are still checked whole. The default checks every element. The repeatability and
   * zero-upstream checks always cover every element.
   *
   * @param max elements differenced per tensor, at least 1
   * @return a modified copy
   * @throws IllegalArgumentException when max is not positive
   */
  public GradientCheck withMaxElementsPerParameter(int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("max: must be positive, got " + max);
    }
    return new GradientCheck(seed, step, atol, rtol, max);
  }

  /**
   * The element budget per parameter.
   *
   * @return elements differenced per tensor ({@link Integer#MAX_VALUE}: every element)
   */
  public int maxElementsPerParameter() {
    return maxElements;
  }

  /** The indices to difference in a tensor of n elements: all, or a seeded sample in order. */
  int[] indices(int n, int salt) {
    return CheckSupport.indices(n, maxElements, seed, salt);
  }

  /**
   * The seed.
   *
   * @return the seed of the upstream gradient and the sample, reported on failure
   */
  public long seed() {
    return seed;
  }

  /**
   * The step for layer and loss checks.
   *
   * @return h set by {@link #withStep}, else {@link #DEFAULT_STEP}
   */
  public double step() {
    return Double.isNaN(step) ? DEFAULT_STEP : step;
  }

  /**
   * The step for network checks.
   *
   * @return h set by {@link #withStep}, else {@link #DEFAULT_NETWORK_STEP}
   */
  public double networkStep() {
    return Double.isNaN(step) ? DEFAULT_NETWORK_STEP : step;
  }

  /**
   * The absolute tolerance.
   *
   * @return atol
   */
  public double atol() {
    return atol;
  }

  /**
   * The relative tolerance.
   *
   * @return rtol, relative to |numeric|
   */
  public double rtol() {
    return rtol;
  }

  // ------------------------------------------------------------------------------------------
  // A single layer
  // ------------------------------------------------------------------------------------------

  /**
   * Checks every parameter of {@code layer} and, when backward returns one, its input gradient,
   * over {@code batch} rows of x ({@code batch × inputSize()}).
   *
   * @param layer the layer under test; its parameters are perturbed and restored, and it is left
   *     holding the forward and backward of the unperturbed input
   * @param x read, and perturbed and restored element by element when the layer returns dx:
   *     {@code batch × inputSize()} floats of order one
   * @param batch rows, at least 1
   * @throws GradientCheckFailure at the first element or property that fails
   * @throws IllegalArgumentException when the layer rejects x or batch
   */
  public void checkLayer(Layer layer, float[] x, int batch) {
    // A training-mode BatchNorm moves its running statistics at every forward: keep them.
    float[][] stats = layer instanceof BatchNorm b
        ? new float[][] {b.runningMean().clone(), b.runningVariance().clone()} : null;
    try {
      checkLayerOnce(layer, x, batch);
    } finally {
      if (stats != null) {
        BatchNorm b = (BatchNorm) layer;
        System.arraycopy(stats[0], 0, b.runningMean(), 0, stats[0].length);
        System.arraycopy(stats[1], 0, b.runningVariance(), 0, stats[1].length);
      }
    }
  }

  private void checkLayerOnce(Layer layer, float[] x, int batch) {
    String name = layer.toString();
    int outN = batch * layer.outputSize();
    float[] r = new float[outN];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < outN; i++) {
      r[i] = (float) (2 * random.nextDouble() - 1);
    }
    Parameter[] params = layer.parameters();

    layer.forward(x, batch);
    float[] dx = layer.backward(r);
    float[] dxA = dx == null ? null : Arrays.copyOf(dx, batch * layer.inputSize());
    float[][] gradA = new float[params.length][];
    for (int p = 0; p < params.length; p++) {
      gradA[p] = params[p].grad().clone();
    }

    // Backward twice: same upstream, same result (to REPEAT_RTOL).
    float[] dx2 = layer.backward(r);
    if (dxA != null) {
      same(name, "x", dxA, dx2, layer.inputSize());
    }
    for (int p = 0; p < params.length; p++) {
      same(name, params[p].name(), gradA[p], params[p].grad(), params[p].cols());
    }

    // Zero upstream: zero gradient everywhere.
    float[] dx0 = layer.backward(new float[outN]);
    if (dxA != null) {
      zero(name, "x", dx0, dxA.length, layer.inputSize());
    }
    for (int p = 0; p < params.length; p++) {
      zero(name, params[p].name(), params[p].grad(), params[p].size(), params[p].cols());
    }

    try {
      for (int p = 0; p < params.length; p++) {
        float[] v = params[p].value();
        for (int i : indices(v.length, p)) {
          double num = CentralDifferences.layer(layer, x, batch, r, v, i, step());
          compare(name, params[p].name(), i, params[p].cols(), gradA[p][i], num, step());
        }
      }
      if (dxA != null) {
        for (int i : indices(dxA.length, -1)) {
          double num = CentralDifferences.layer(layer, x, batch, r, x, i, step());
          compare(name, "x", i, layer.inputSize(), dxA[i], num, step());
        }
      }
    } finally {
      layer.forward(x, batch);
      layer.backward(r);
    }
  }

  // ------------------------------------------------------------------------------------------
  // The loss layer
  // ------------------------------------------------------------------------------------------

  /**
   * Checks dx of the loss layer for logits x and class-index labels.
   *
   * @param loss the layer under test
   * @param x read, perturbed and restored: {@code batch × classes} logits
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, classes)
   * @throws GradientCheckFailure at the first element or property that fails
   * @throws IllegalArgumentException when the layer rejects its inputs
   */
  public void checkLoss(SoftmaxWithLoss loss, float[] x, int batch, int[] labels) {
    checkLoss(loss, x, batch, labels, null);
  }

  /**
   * Checks dx of the loss layer for logits x and one-hot labels.
   *
   * @param loss the layer under test
   * @param x read, perturbed and restored: {@code batch × classes} logits
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × classes} target rows
   * @throws GradientCheckFailure at the first element or property that fails
   * @throws IllegalArgumentException when the layer rejects its inputs
   */
  public void checkLoss(SoftmaxWithLoss loss, float[] x, int batch, float[] oneHot) {
    checkLoss(loss, x, batch, null, oneHot);
  }

  private void checkLoss(SoftmaxWithLoss loss, float[] x, int batch, int[] labels,
      float[] oneHot) {
    String name = loss.toString();
    int n = loss.classes();
    forwardLoss(loss, x, batch, labels, oneHot);
    float[] dxA = Arrays.copyOf(loss.backward(1f), batch * n);
    same(name, "x", dxA, loss.backward(1f), n);
    zero(name, "x", loss.backward(0f), dxA.length, n);
    double step = step();
    try {
      for (int i : indices(dxA.length, -1)) {
        double num = CentralDifferences.loss(loss, x, batch, labels, oneHot, i, step);
        compare(name, "x", i, n, dxA[i], num, step());
      }
    } finally {
      forwardLoss(loss, x, batch, labels, oneHot);
      loss.backward(1f);
    }
  }

  // ------------------------------------------------------------------------------------------
  // A whole network
  // ------------------------------------------------------------------------------------------

  /**
   * Checks every parameter of the network on {@code batch} rows of x with class-index labels.
   * The parameters are perturbed and restored; afterwards every grad holds the gradient of x.
   *
   * @param net the network under test
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, outputSize())
   * @throws GradientCheckFailure at the first element or property that fails
   * @throws IllegalArgumentException when the network rejects its inputs
   */
  public void checkNetwork(Network net, float[] x, int batch, int[] labels) {
    checkNetwork(net, x, batch, labels, null);
  }

  /**
   * Checks every parameter of the network with one-hot labels; see
   * {@link #checkNetwork(Network, float[], int, int[])}.
   *
   * @param net the network under test
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @throws GradientCheckFailure at the first element or property that fails
   * @throws IllegalArgumentException when the network rejects its inputs
   */
  public void checkNetwork(Network net, float[] x, int batch, float[] oneHot) {
    checkNetwork(net, x, batch, null, oneHot);
  }

  private void checkNetwork(Network net, float[] x, int batch, int[] labels, float[] oneHot) {
    // Dropout keeps one mask for the whole check: the analytic and numeric gradients, and the
    // backward-twice comparison, are then of one function.
    // BatchNorm's running statistics are restored afterwards, and the masks' frozen state.
    java.util.List<float[]> live = new java.util.ArrayList<>();
    for (Layer l : net.layers()) {
      if (l instanceof BatchNorm b) {
        live.add(b.runningMean());
        live.add(b.runningVariance());
      }
    }
    float[][] saved = new float[live.size()][];
    for (int i = 0; i < saved.length; i++) {
      saved[i] = live.get(i).clone();
    }
    boolean frozen = net.masksFrozen();
    net.freezeMasks(true);
    try {
      checkFrozen(net, x, batch, labels, oneHot);
    } finally {
      net.freezeMasks(frozen);
      for (int i = 0; i < saved.length; i++) {
        System.arraycopy(saved[i], 0, live.get(i), 0, saved[i].length);
      }
    }
  }

  private void checkFrozen(Network net, float[] x, int batch, int[] labels, float[] oneHot) {
    String name = net.toString();
    Parameter[] params = net.parameters().toArray(new Parameter[0]);
    gradient(net, x, batch, labels, oneHot);
    float[][] gradA = new float[params.length][];
    for (int p = 0; p < params.length; p++) {
      gradA[p] = params[p].grad().clone();
    }
    gradient(net, x, batch, labels, oneHot);
    for (int p = 0; p < params.length; p++) {
      same(name, params[p].name(), gradA[p], params[p].grad(), params[p].cols());
    }
    net.backwardFrom(0f);
    for (int p = 0; p < params.length; p++) {
      zero(name, params[p].name(), params[p].grad(), params[p].size(), params[p].cols());
    }
    try {
      int[][] only = new int[params.length][];
      for (int p = 0; p < params.length; p++) {
        only[p] = indices(params[p].size(), p);
      }
      double[][] num = net.numerical(x, batch, labels, oneHot, networkStep(), only);
      for (int p = 0; p < params.length; p++) {
        for (int i : only[p]) {
          compare(name, params[p].name(), i, params[p].cols(), gradA[p][i], num[p][i],
              networkStep());
        }
      }
    } finally {
      gradient(net, x, batch, labels, oneHot);
    }
  }

  private static void forwardLoss(SoftmaxWithLoss loss, float[] x, int batch, int[] labels,
      float[] oneHot) {
    if (labels != null) {
      loss.forward(x, batch, labels);
    } else {
      loss.forward(x, batch, oneHot);
    }
  }

  private static void gradient(Network net, float[] x, int batch, int[] labels, float[] oneHot) {
    if (labels != null) {
      net.gradient(x, batch, labels);
    } else {
      net.gradient(x, batch, oneHot);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Verdicts
  // ------------------------------------------------------------------------------------------

  /**
   * The pass criterion for one element.
   *
   * @param analytic the gradient from backward
   * @param numeric the central difference
   * @return true when |analytic − numeric| ≤ atol + rtol·|numeric| (false when either is NaN)
   */
  public boolean close(double analytic, double numeric) {
    double diff = Math.abs(analytic - numeric);
    return diff <= atol + rtol * Math.abs(numeric);
  }

  private void compare(String layer, String param, int i, int cols, double a, double n,
      double step) {
    if (!close(a, n)) {
      throw new GradientCheckFailure(GradientCheckFailure.Kind.MISMATCH, layer, param, i, cols,
          a, n, seed, "|diff| " + Math.abs(a - n) + " > atol " + atol + " + rtol " + rtol
              + "·|numeric|, step " + step);
    }
  }

  /**
   * Relative tolerance of the backward-twice check. Not bit-exact on purpose: the Vector API
   * kernels may round differently (lane-reduction order, EXP) before and after the JIT compiles
   * them, which can happen between the two calls. A real bug (accumulating instead of
   * overwriting, state carried between calls) is off by far more.
   */
  public static final double REPEAT_RTOL = 1e-5;

  private void same(String layer, String param, float[] first, float[] second, int cols) {
    CheckSupport.same(layer, param, first, second, cols, seed);
  }

  private void zero(String layer, String param, float[] g, int n, int cols) {
    CheckSupport.zero(layer, param, g, n, cols, seed);
  }
}
