package io.github.vecprop.nn;

import static io.github.vecprop.nn.StackFixtures.labels;
import static io.github.vecprop.nn.StackFixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's two modes against a reference computed here in double from the documented
 * definition: training normalises with the batch mean and the <em>biased</em> variance
 * (÷ batch), ε = 1e-6, and updates running = 0.9·running + 0.1·batch statistic from zero;
 * inference normalises with the running statistics and updates nothing.
 */
class BatchNormModeTest {
  static final double EPS = 1e-6;
  static final double MOMENTUM = 0.9;

  /** Column means, biased variances and the normalised output of x in double. */
  static final class Ref {
    final double[] mean;
    final double[] var;
    final double[] unbiasedVar;
    final double[] y;

    Ref(float[] x, int batch, int n, float[] gamma, float[] beta) {
      mean = new double[n];
      var = new double[n];
      unbiasedVar = new double[n];
      y = new double[batch * n];
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int r = 0; r < batch; r++) {
          s += x[r * n + j];
        }
        mean[j] = s / batch;
        double ss = 0;
        for (int r = 0; r < batch; r++) {
          double d = x[r * n + j] - mean[j];
          ss += d * d;
        }
        var[j] = ss / batch;
        unbiasedVar[j] = batch > 1 ? ss / (batch - 1) : Double.NaN;
        for (int r = 0; r < batch; r++) {
          y[r * n + j] = gamma[j] * (x[r * n + j] - mean[j]) / Math.sqrt(var[j] + EPS) + beta[j];
        }
      }
    }
  }

  /** γ(x − mean)/√(var + ε) + β over every row, in double. */
  static double[] inference(float[] x, int batch, int n, double[] mean, double[] var,
      float[] gamma, float[] beta) {
    double[] y = new double[batch * n];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < n; j++) {
        y[r * n + j] = gamma[j] * (x[r * n + j] - mean[j]) / Math.sqrt(var[j] + EPS) + beta[j];
      }
    }
    return y;
  }

  static void close(double[] expected, float[] actual, double tol, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), what + "[" + i + "]");
    }
  }

  static void close(double[] expected, float[] actual, String what) {
    close(expected, actual, 1e-5, what);
  }

  @Test
  void trainingUsesBatchStatisticsAndRunningAveragesFollowMomentumFromZero() {
    int n = 6;
    BatchNorm bn = new BatchNorm(n);
    bn.gamma().copyFrom(uniform(n, 1, 0.5, 1.5));
    bn.beta().copyFrom(uniform(n, 2, -0.5, 0.5));
    assertArrayEquals(new float[n], bn.runningMean(), "running mean starts at zero");
    assertArrayEquals(new float[n], bn.runningVariance(), "running variance starts at zero");
    double[] rm = new double[n];
    double[] rv = new double[n];
    double[] rvUnbiased = new double[n];
    int[] batches = {3, 8, 2, 17, 5, 2};
    for (int k = 0; k < batches.length; k++) {
      int b = batches[k];
      float[] x = NewLayerGradientTest.columns(b, n, 10 + k);
      Ref ref = new Ref(x, b, n, bn.gamma().value(), bn.beta().value());
      close(ref.y, bn.forward(x, b), "training forward, step " + k);
      for (int j = 0; j < n; j++) {
        rm[j] = MOMENTUM * rm[j] + (1 - MOMENTUM) * ref.mean[j];
        rv[j] = MOMENTUM * rv[j] + (1 - MOMENTUM) * ref.var[j];
        rvUnbiased[j] = MOMENTUM * rvUnbiased[j] + (1 - MOMENTUM) * ref.unbiasedVar[j];
      }
      close(rm, bn.runningMean(), "running mean, step " + k);
      close(rv, bn.runningVariance(), "running variance (biased), step " + k);
    }
    for (int j = 0; j < n; j++) {
      // The check above could tell the two apart: unbiased would be off by far more than 1e-5.
      assertTrue(Math.abs(rvUnbiased[j] - rv[j]) > 1e-2 * rv[j], "column " + j);
    }
  }

  @Test
  void inferenceUsesTheRunningStatisticsAndDiffersFromTraining() {
    int n = 5;
    BatchNorm bn = new BatchNorm(n);
    bn.gamma().copyFrom(uniform(n, 3, 0.5, 1.5));
    bn.beta().copyFrom(uniform(n, 4, -0.5, 0.5));
    double[] rm = new double[n];
    double[] rv = new double[n];
    for (int k = 0; k < 4; k++) {
      float[] x = NewLayerGradientTest.columns(6, n, 20 + k);
      Ref ref = new Ref(x, 6, n, bn.gamma().value(), bn.beta().value());
      bn.forward(x, 6);
      for (int j = 0; j < n; j++) {
        rm[j] = MOMENTUM * rm[j] + (1 - MOMENTUM) * ref.mean[j];
        rv[j] = MOMENTUM * rv[j] + (1 - MOMENTUM) * ref.var[j];
      }
    }
    int batch = 7;
    float[] x = NewLayerGradientTest.columns(batch, n, 30);
    float[] train = Arrays.copyOf(bn.forward(x, batch), batch * n);
    float[] meanAfter = bn.runningMean().clone();
    float[] varAfter = bn.runningVariance().clone();

    bn.setTraining(false);
    assertFalse(bn.isTraining());
    float[] infer = Arrays.copyOf(bn.forward(x, batch), batch * n);
    // The training forward of x just before moved the statistics once more.
    Ref last = new Ref(x, batch, n, bn.gamma().value(), bn.beta().value());
    for (int j = 0; j < n; j++) {
      rm[j] = MOMENTUM * rm[j] + (1 - MOMENTUM) * last.mean[j];
      rv[j] = MOMENTUM * rv[j] + (1 - MOMENTUM) * last.var[j];
    }
    close(inference(x, batch, n, rm, rv, bn.gamma().value(), bn.beta().value()), infer,
        "inference forward");
    double maxDiff = 0;
    for (int i = 0; i < train.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(train[i] - infer[i]));
    }
    assertTrue(maxDiff > 0.1,
        "after 5 training forwards the modes must differ, max |diff| " + maxDiff);
    assertArrayEquals(meanAfter, bn.runningMean(), 0f, "inference updates nothing");
    assertArrayEquals(varAfter, bn.runningVariance(), 0f, "inference updates nothing");
    // At inference rows are independent: one row alone gives that row of the batch.
    float[] row = Arrays.copyOfRange(x, 3 * n, 4 * n);
    assertArrayEquals(Arrays.copyOfRange(infer, 3 * n, 4 * n),
        Arrays.copyOf(bn.forward(row, 1), n), 1e-6f);
  }

  @Test
  void anUntrainedLayerAtInferenceDividesBySqrtEpsilon() {
    int n = 4;
    BatchNorm bn = new BatchNorm(n);
    bn.setTraining(false);
    float[] x = uniform(3 * n, 5, -1e-3, 1e-3);
    double[] expected = inference(x, 3, n, new double[n], new double[n], ones(n), new float[n]);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(x[i] / Math.sqrt(1e-6), expected[i], 1e-9); // i.e. 1000·x
    }
    close(expected, bn.forward(x, 3), "1000·x");
  }

  @Test
  void aSingleRowInTrainingModeNormalisesToBeta() {
    // Decided edge: with one row μ = x and σ² = 0, so x̂ = 0 and y = β exactly; dγ = 0,
    // dβ = dout, and the true dx is 0 (the closed form leaves at most half an ulp of
    // γ/√ε·dout: one FMA of a·dout − round(a·dout)).
    int n = 5;
    BatchNorm bn = new BatchNorm(n);
    bn.gamma().copyFrom(uniform(n, 6, 0.5, 1.5));
    bn.beta().copyFrom(uniform(n, 7, -0.5, 0.5));
    float[] x = uniform(n, 8, -2, 2);
    assertArrayEquals(bn.beta().value(), Arrays.copyOf(bn.forward(x, 1), n), 0f);
    float[] dout = uniform(n, 9, -1, 1);
    float[] dx = bn.backward(dout);
    assertArrayEquals(new float[n], bn.gamma().grad(), 0f);
    assertArrayEquals(dout, bn.beta().grad(), 0f);
    for (int j = 0; j < n; j++) {
      double a = bn.gamma().value()[j] / Math.sqrt(1e-6) * dout[j];
      assertTrue(Math.abs(dx[j]) <= Math.ulp((float) a), "dx[" + j + "] = " + dx[j]);
    }
  }

  @Test
  void aTrainedNetworkAtInferenceRunsOnTheRunningStatistics() {
    // Affine → BatchNorm → ReLU → Affine, 8 SGD steps on changing batches; the reference
    // tracks the running statistics from the BatchNorm's inputs x·W1 + b1 (in double, from
    // the weights before each step), then runs the whole inference forward in double.
    int in = 4;
    int hidden = 6;
    int classes = 3;
    Network net = Network.builder(in).init(WeightInit.he()).affine(hidden).batchNorm().relu()
        .affine(classes).build(31);
    double[] rm = new double[hidden];
    double[] rv = new double[hidden];
    for (int step = 0; step < 8; step++) {
      int b = 5 + step;
      float[] x = uniform(b * in, 40 + step, -1, 1);
      float[] pre = affine(x, b, net.parameter("W1"), net.parameter("b1"));
      Ref ref = new Ref(pre, b, hidden, ones(hidden), new float[hidden]);
      for (int j = 0; j < hidden; j++) {
        rm[j] = MOMENTUM * rm[j] + (1 - MOMENTUM) * ref.mean[j];
        rv[j] = MOMENTUM * rv[j] + (1 - MOMENTUM) * ref.var[j];
      }
      net.gradient(x, b, labels(b, classes, 50 + step));
      for (Parameter p : net.parameters()) {
        for (int i = 0; i < p.size(); i++) {
          p.value()[i] -= 0.1f * p.grad()[i];
        }
      }
    }
    int batch = 6;
    float[] x = uniform(batch * in, 60, -1, 1);
    float[] train = Arrays.copyOf(net.predict(x, batch), batch * classes);
    // That training forward moved the statistics once more.
    Ref last = new Ref(affine(x, batch, net.parameter("W1"), net.parameter("b1")), batch, hidden,
        ones(hidden), new float[hidden]);
    for (int j = 0; j < hidden; j++) {
      rm[j] = MOMENTUM * rm[j] + (1 - MOMENTUM) * last.mean[j];
      rv[j] = MOMENTUM * rv[j] + (1 - MOMENTUM) * last.var[j];
    }
    net.setTraining(false);
    for (Layer l : net.layers()) {
      if (l instanceof BatchNorm b) {
        assertFalse(b.isTraining(), "Network.setTraining switches every layer");
      }
    }
    float[] infer = Arrays.copyOf(net.predict(x, batch), batch * classes);
    double[] h = inference(affine(x, batch, net.parameter("W1"), net.parameter("b1")), batch,
        hidden, rm, rv, net.parameter("gamma1").value(), net.parameter("beta1").value());
    float[] hr = new float[h.length];
    for (int i = 0; i < h.length; i++) {
      hr[i] = (float) Math.max(0, h[i]);
    }
    double[] logits = toDouble(affine(hr, batch, net.parameter("W2"), net.parameter("b2")));
    close(logits, infer, 1e-4, "inference logits");
    double maxDiff = 0;
    for (int i = 0; i < train.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(train[i] - infer[i]));
    }
    assertTrue(maxDiff > 1e-3, "training and inference logits differ, max |diff| " + maxDiff);
  }

  /** x·W + b in double, rounded to float (the BatchNorm's input as the reference sees it). */
  static float[] affine(float[] x, int batch, Parameter w, Parameter b) {
    int in = w.rows();
    int out = w.cols();
    float[] y = new float[batch * out];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < out; j++) {
        double s = b.value()[j];
        for (int k = 0; k < in; k++) {
          s += (double) x[r * in + k] * w.value()[k * out + j];
        }
        y[r * out + j] = (float) s;
      }
    }
    return y;
  }

  static float[] ones(int n) {
    float[] o = new float[n];
    Arrays.fill(o, 1f);
    return o;
  }

  static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }
}
