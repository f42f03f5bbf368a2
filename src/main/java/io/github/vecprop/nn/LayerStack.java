package io.github.vecprop.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The layers of a {@link Network} and how they run: checks the layer sizes, builds Affine →
 * activation → … → Affine with seeded weights and the terminal {@link SoftmaxWithLoss}, runs a
 * forward from any layer on the outputs cached from the last forward, and a backward from the
 * loss. Single-writer, as the network that owns it.
 */
final class LayerStack {
  /** Input size, hidden sizes…, number of classes (a validated copy). */
  final int[] sizes;
  /** Affine, act, Affine, act, …, Affine: even indices are the Affine layers. */
  final Layer[] layers;
  final Affine[] affines;
  final SoftmaxWithLoss lossLayer;
  /** W1, b1, W2, b2, … in layer order: the arrays the layers use. */
  final Parameter[] params;
  /** outputs[i]: the buffer layers[i] returned from its last forward. */
  private final float[][] outputs;

  /**
   * Checks the arguments as {@link Network#Network(int[], Activation, WeightInit, long)}
   * documents, then draws W1, W2, … in that order from one generator seeded with {@code seed};
   * biases start at zero. The first Affine does not compute its input gradient.
   */
  LayerStack(int[] layerSizes, Activation activation, WeightInit init, long seed) {
    if (layerSizes == null || layerSizes.length < 2) {
      throw new IllegalArgumentException(
          "layerSizes: need at least input and output sizes, got " + Arrays.toString(layerSizes));
    }
    for (int i = 0; i < layerSizes.length; i++) {
      if (layerSizes[i] <= 0) {
        throw new IllegalArgumentException("layerSizes[" + i + "]: must be positive, got "
            + layerSizes[i] + " in " + Arrays.toString(layerSizes));
      }
    }
    if (activation == null || init == null) {
      throw new IllegalArgumentException("activation and init: must not be null");
    }
    this.sizes = layerSizes.clone();
    int n = sizes.length - 1;
    this.affines = new Affine[n];
    this.layers = new Layer[2 * n - 1];
    this.outputs = new float[layers.length][];
    this.params = new Parameter[2 * n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      Parameter w = new Parameter("W" + (i + 1), sizes[i], sizes[i + 1]);
      Parameter b = new Parameter("b" + (i + 1), 1, sizes[i + 1]);
      init.fill(w.value(), sizes[i], random);
      params[2 * i] = w;
      params[2 * i + 1] = b;
      affines[i] = new Affine("Affine" + (i + 1), w, b);
      layers[2 * i] = affines[i];
      if (i < n - 1) {
        String actName = (activation == Activation.RELU ? "Relu" : "Sigmoid") + (i + 1);
        layers[2 * i + 1] = activation.create(actName, sizes[i + 1]);
      }
    }
    affines[0].setComputeInputGradient(false);
    this.lossLayer = new SoftmaxWithLoss(sizes[n]);
  }

  /** Allocates the buffers of every layer and of the loss layer for batches up to batch. */
  void reserve(int batch) {
    for (Layer l : layers) {
      l.reserve(batch);
    }
    lossLayer.reserve(batch);
  }

  /** Runs layers[from..] on the cached inputs (x itself when from is 0); returns the logits. */
  float[] forwardFrom(int from, float[] x, int batch) {
    float[] h = from == 0 ? x : outputs[from - 1];
    for (int i = from; i < layers.length; i++) {
      h = layers[i].forward(h, batch);
      outputs[i] = h;
    }
    return h;
  }

  /** Backward from the loss (scaled by dout) through every layer; fills every grad. */
  void backwardFrom(float dout) {
    float[] d = lossLayer.backward(dout);
    for (int i = layers.length - 1; i >= 0 && d != null; i--) {
      d = layers[i].backward(d);
    }
  }
}
