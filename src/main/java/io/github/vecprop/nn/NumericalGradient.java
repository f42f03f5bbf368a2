package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;
import java.util.Arrays;

/**
 * Central-difference gradients of a network's loss, and the machinery behind them and
 * {@link GradientCheck#checkNetwork}: perturbs each parameter element in float, re-runs the
 * network from the perturbed layer on, and recomputes the mean cross-entropy in double from the
 * float logits. Stateless; it drives the network it is given (single-writer, as the network).
 */
public final class NumericalGradient {

  private NumericalGradient() {}

  /**
   * Central-difference gradient of the loss for every parameter, in {@link Network#parameters()} order,
   * with step {@link GradientCheck#DEFAULT_NETWORK_STEP}. Slow (two forwards per element): for checking.
   * See {@link #of(Network, float[], int, int[], double)}.
   *
   * @param net the network
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, outputSize())
   * @return one array per parameter, each of that parameter's size: dL/dθ in double
   * @throws IllegalArgumentException when batch is not positive or x or labels is null or too
   *     short
   */
  public static double[][] of(Network net, float[] x, int batch, int[] labels) {
    return net.numerical(x, batch, labels, null, GradientCheck.DEFAULT_NETWORK_STEP, null);
  }

  /**
   * One-hot form of {@link #of(Network, float[], int, int[])}.
   *
   * @param net the network
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @return one array per parameter, each of that parameter's size: dL/dθ in double
   * @throws IllegalArgumentException when batch is not positive or x or oneHot is null or too
   *     short
   */
  public static double[][] of(Network net, float[] x, int batch, float[] oneHot) {
    return net.numerical(x, batch, null, oneHot, GradientCheck.DEFAULT_NETWORK_STEP, null);
  }

  /**
   * Central differences (L(θ+h) − L(θ−h)) / (2h) per parameter element. The perturbed element is
   * a float, so the step actually taken, (float)(θ+h) − (float)(θ−h), is the divisor; the
   * network runs in float up to the logits and the loss is then computed in double from them
   * (softmax and log(p + 1e-7) in double), so the difference does not lose the float loss's
   * last bits. Only the layers from the perturbed one on are re-run. Every element is restored
   * in {@code finally}; the parameter values are unchanged afterwards. The layers' buffers are
   * left holding the forward of the unperturbed parameters.
   *
   * @param net the network
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, outputSize())
   * @param step h, positive
   * @return one array per parameter in {@link Network#parameters()} order, each of that parameter's
   *     size: dL/dθ in double
   * @throws IllegalArgumentException when step is not positive, batch is not positive, or x or
   *     labels is null or too short
   */
  public static double[][] of(Network net, float[] x, int batch, int[] labels,
      double step) {
    return net.numerical(x, batch, labels, null, step, null);
  }

  /**
   * One-hot form of {@link #of(Network, float[], int, int[], double)}.
   *
   * @param net the network
   * @param x read: {@code batch × inputSize()} floats
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × outputSize()} target rows
   * @param step h, positive
   * @return one array per parameter in {@link Network#parameters()} order: dL/dθ in double
   * @throws IllegalArgumentException when step is not positive, batch is not positive, or x or
   *     oneHot is null or too short
   */
  public static double[][] of(Network net, float[] x, int batch, float[] oneHot,
      double step) {
    return net.numerical(x, batch, null, oneHot, step, null);
  }


  /**
   * The central differences; when {@code only} is non-null, only the listed indices of each
   * parameter are computed and the other entries are NaN.
   *
   * @param net the network: its {@code predict} and {@code outputSize} are called as
   *     {@link Network} itself calls them
   * @param stack the network's layers, run from the perturbed one on
   */
  static double[][] numerical(Network net, LayerStack stack, float[] x, int batch,
      int[] labels, float[] oneHot, double h, int[][] only) {
    if (!(h > 0)) {
      throw new IllegalArgumentException("step: must be positive, got " + h);
    }
    Parameter[] params = stack.params;
    double[][] out = new double[params.length][];
    // BatchNorm's running statistics change with every training-mode forward: keep them, so a
    // check leaves the network as it found it; Dropout reuses one mask throughout.
    java.util.List<float[]> stats = new java.util.ArrayList<>();
    for (Layer l : stack.layers) {
      if (l instanceof BatchNorm b) {
        stats.add(b.runningMean());
        stats.add(b.runningVariance());
      }
    }
    float[][] saved = new float[stats.size()][];
    for (int i = 0; i < saved.length; i++) {
      saved[i] = stats.get(i).clone();
    }
    boolean frozen = stack.masksFrozen;
    stack.freezeMasks(true);
    net.predict(x, batch);
    try {
      for (int q = 0; q < params.length; q++) {
        int from = stack.owner[q];
        Parameter p = params[q];
        float[] v = p.value();
        double[] g = new double[v.length];
        int[] idx = only == null ? null : only[q];
        if (idx != null) {
          Arrays.fill(g, Double.NaN);
        }
        int count = idx == null ? v.length : idx.length;
        for (int e = 0; e < count; e++) {
          int i = idx == null ? e : idx[e];
          g[i] = CentralDifferences.of(v, i, h, () -> CentralDifferences.lossInDouble(
              stack.forwardFrom(from, x, batch), batch, labels, oneHot, net.outputSize())
              + net.decayTerm());
        }
        out[q] = g;
        // The layers after this one still hold outputs of the last perturbed state.
        stack.forwardFrom(from, x, batch);
      }
    } finally {
      net.predict(x, batch);
      stack.freezeMasks(frozen);
      for (int i = 0; i < saved.length; i++) {
        System.arraycopy(saved[i], 0, stats.get(i), 0, saved[i].length);
      }
    }
    return out;
  }
}
