package io.github.vecprop.nn;

import io.github.vecprop.kernel.FeatureKernels;
import io.github.vecprop.kernel.Kernels;

/**
 * Batch normalisation per feature (Ioffe and Szegedy 2015), as the book's {@code BatchNormalization}
 * (ch. 6) for rows of {@code size} features: y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε).
 *
 * <ul>
 *   <li><b>Training mode</b> normalises with the batch's mean μ and <em>biased</em> variance σ²
 *       (divided by the batch size, not batch − 1), and updates the running statistics:
 *       running = momentum·running + (1 − momentum)·batch statistic, with momentum 0.9.
 *   <li><b>Inference mode</b> normalises with the running mean and variance instead (no update).
 *   <li>ε = 1e-6 (the book's {@code 10e-7}); the running statistics start at zero, as the book's,
 *       so an untrained layer at inference divides by √ε; γ starts at one and β at zero.
 * </ul>
 *
 * <p>Arithmetic (the kernels of {@link FeatureKernels}, bit-identical on every path): μ and σ²
 * are column sums down the batch in row order divided by the batch size; x − μ and x̂ are one
 * FMA per element (x̂ = (x − μ)·(1/√(σ² + ε))). Backward uses the closed form
 * dx = (γ/√(σ² + ε))/m · (m·dout − Σdout − x̂·Σ(dout·x̂)), one scale-shift and one FMA per
 * element, with dγ = Σ(dout·x̂) and dβ = Σdout. {@link GradientCheck} checks it against central
 * differences. Single-writer, as every layer.
 */
public class BatchNorm implements Layer {
  /** Momentum of the running statistics, as the book's. */
  public static final float MOMENTUM = 0.9f;
  /** ε added to the variance, the book's {@code 10e-7}. */
  public static final float EPSILON = 1e-6f;

  private final String name;
  private final int size;
  private final Parameter gamma;
  private final Parameter beta;
  private final float[] runningMean;
  private final float[] runningVar;
  private boolean training = true;

  private final float[] mean;
  private final float[] negMean;
  private final float[] invStd;
  private final float[] ones;
  private final float[] zeros;
  private final float[] colA;
  private final float[] colB;
  private final float[] colC;
  private float[] xc = new float[0];
  private float[] xn = new float[0];
  private float[] y = new float[0];
  private float[] dx = new float[0];
  private float[] tmp = new float[0];
  private int batch;
  private int capacity;
  private boolean lastTraining;

  /**
   * A batch-normalisation layer over {@code size} features, γ = 1, β = 0, running statistics 0.
   *
   * @param name for messages and parameter names
   * @param size features per row, positive
   * @param gamma the scale γ (1 × size), or null for a new one named "gamma"
   * @param beta the shift β (1 × size), or null for a new one named "beta"
   */
  public BatchNorm(String name, int size, Parameter gamma, Parameter beta) {
    if (size <= 0) {
      throw new IllegalArgumentException(name + ": size must be positive, got " + size);
    }
    this.name = name;
    this.size = size;
    this.gamma = gamma != null ? gamma : new Parameter("gamma", 1, size);
    this.beta = beta != null ? beta : new Parameter("beta", 1, size);
    if (this.gamma.size() != size || this.beta.size() != size) {
      throw new IllegalArgumentException(name + ": gamma and beta need " + size
          + " elements, got " + this.gamma + " and " + this.beta);
    }
    if (gamma == null) {
      java.util.Arrays.fill(this.gamma.value(), 1f);
    }
    runningMean = new float[size];
    runningVar = new float[size];
    mean = new float[size];
    negMean = new float[size];
    invStd = new float[size];
    ones = new float[size];
    java.util.Arrays.fill(ones, 1f);
    zeros = new float[size];
    colA = new float[size];
    colB = new float[size];
    colC = new float[size];
  }

  /**
   * A batch-normalisation layer named "BatchNorm" with new γ (ones) and β (zeros).
   *
   * @param size features per row, positive
   */
  public BatchNorm(int size) {
    this("BatchNorm", size, null, null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public int outputSize() {
    return size;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[] {gamma, beta};
  }

  /**
   * The scale γ.
   *
   * @return γ, shared by reference
   */
  public Parameter gamma() {
    return gamma;
  }

  /**
   * The shift β.
   *
   * @return β, shared by reference
   */
  public Parameter beta() {
    return beta;
  }

  /**
   * The running mean used at inference, live (a trainer saves and restores it).
   *
   * @return the array itself, {@code size} floats
   */
  public float[] runningMean() {
    return runningMean;
  }

  /**
   * The running (biased) variance used at inference, live.
   *
   * @return the array itself, {@code size} floats
   */
  public float[] runningVariance() {
    return runningVar;
  }

  @Override
  public void setTraining(boolean training) {
    this.training = training;
  }

  /**
   * Whether forward normalises with batch statistics.
   *
   * @return true in training mode
   */
  public boolean isTraining() {
    return training;
  }

  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, size);
    reserve(batch);
    this.batch = batch;
    this.lastTraining = training;
    int n = batch * size;
    if (training) {
      Kernels.columnSums(batch, size, x, 0, mean, 0);
      for (int j = 0; j < size; j++) {
        mean[j] /= batch;
        negMean[j] = -mean[j];
      }
      FeatureKernels.scaleShiftRows(batch, size, x, 0, ones, 0, negMean, 0, xc, 0);
      FeatureKernels.multiply(n, xc, 0, xc, 0, tmp, 0);
      Kernels.columnSums(batch, size, tmp, 0, invStd, 0);
      for (int j = 0; j < size; j++) {
        float var = invStd[j] / batch;
        invStd[j] = 1f / (float) Math.sqrt(var + EPSILON);
        runningMean[j] = MOMENTUM * runningMean[j] + (1f - MOMENTUM) * mean[j];
        runningVar[j] = MOMENTUM * runningVar[j] + (1f - MOMENTUM) * var;
      }
    } else {
      for (int j = 0; j < size; j++) {
        negMean[j] = -runningMean[j];
        invStd[j] = 1f / (float) Math.sqrt(runningVar[j] + EPSILON);
      }
      FeatureKernels.scaleShiftRows(batch, size, x, 0, ones, 0, negMean, 0, xc, 0);
    }
    FeatureKernels.scaleShiftRows(batch, size, xc, 0, invStd, 0, zeros, 0, xn, 0);
    FeatureKernels.scaleShiftRows(batch, size, xn, 0, gamma.value(), 0, beta.value(), 0, y, 0);
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, size);
    int m = batch;
    float[] dgamma = gamma.grad();
    float[] dbeta = beta.grad();
    Kernels.columnSums(m, size, dout, 0, dbeta, 0);
    FeatureKernels.multiply(m * size, xn, 0, dout, 0, tmp, 0);
    Kernels.columnSums(m, size, tmp, 0, dgamma, 0);
    float[] g = gamma.value();
    for (int j = 0; j < size; j++) {
      float a = g[j] * invStd[j];
      colA[j] = a;
      // With batch statistics, μ and σ² depend on x too; at inference they are constants.
      colB[j] = lastTraining ? -a * dbeta[j] / m : 0f;
      colC[j] = lastTraining ? -a * dgamma[j] / m : 0f;
    }
    FeatureKernels.scaleShiftRows(m, size, dout, 0, colA, 0, colB, 0, dx, 0);
    FeatureKernels.scaleAddRows(m, size, xn, 0, colC, 0, dx, 0, dx, 0);
    return dx;
  }

  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      int n = batch * size;
      xc = new float[n];
      xn = new float[n];
      y = new float[n];
      dx = new float[n];
      tmp = new float[n];
      capacity = batch;
    }
  }

  @Override
  public String toString() {
    return name + "(" + size + ")";
  }
}
