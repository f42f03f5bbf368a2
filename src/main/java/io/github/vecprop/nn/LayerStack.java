package io.github.vecprop.nn;

import io.github.vecprop.kernel.UpdateKernels;
import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a {@link Network} and how they run: any stack of layers whose widths chain, then
 * the terminal {@link SoftmaxWithLoss}; a forward from any layer on the outputs cached from the
 * last forward, and a backward from the loss that stops after the first layer with parameters
 * (nothing before it needs a gradient). Single-writer, as the network that owns it.
 *
 * <p>A {@link Convolution} followed by a {@link Relu} (the class itself, not a subclass, whose
 * activation may differ) and a {@link MaxPooling} over exactly the convolution's output planes
 * runs as one pass per sample ({@link Convolution#forwardReluPool}, and its backward), so the
 * convolution's output never goes to memory: the same kernels in the same order, the same bits
 * (FusedConvReluPoolTest compares them with the three layers run one by one). The ReLU's and the
 * convolution's outputs are then not kept; a forward from inside such a group restarts at its
 * convolution, whose input is still cached.
 */
final class LayerStack {
  final Layer[] layers;
  final SoftmaxWithLoss lossLayer;
  /** Every layer's parameters in layer order: the arrays the layers use. */
  final Parameter[] params;
  /** owner[p]: the index of the layer params[p] belongs to. */
  final int[] owner;
  /** The weight matrices weight decay covers (every Affine's W and Convolution's filters). */
  final Parameter[] weights;
  /** The first layer with parameters (backward stops there), or layers.length for none. */
  private final int firstTrainable;
  /** The shape of an input sample ([C, H, W] or [inputSize]); set by the builder. */
  int[] inputShape;
  /** outputs[i]: the buffer layers[i] returned from its last forward. */
  private final float[][] outputs;
  /** fused[i]: layers[i..i+2] are a Convolution, a Relu and a MaxPooling run as one pass. */
  private final boolean[] fused;

  /**
   * Checks that the widths chain ({@code layers[i].outputSize() == layers[i+1].inputSize()}) and
   * that no parameter appears twice; the first layer with parameters, when it is an Affine, does
   * not compute its input gradient.
   */
  LayerStack(Layer[] layers) {
    if (layers.length == 0) {
      throw new IllegalArgumentException("layers: a network needs at least one layer");
    }
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] == null) {
        throw new IllegalArgumentException("layers[" + i + "]: is null");
      }
      if (i > 0 && layers[i].inputSize() != layers[i - 1].outputSize()) {
        throw new IllegalArgumentException("layers[" + i + "] " + layers[i] + ": takes "
            + layers[i].inputSize() + " inputs but " + layers[i - 1] + " gives "
            + layers[i - 1].outputSize());
      }
    }
    this.layers = layers.clone();
    List<Parameter> ps = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<Parameter> ws = new ArrayList<>();
    int first = layers.length;
    for (int i = 0; i < layers.length; i++) {
      for (Parameter p : layers[i].parameters()) {
        for (Parameter q : ps) {
          if (q == p || q.value() == p.value()) {
            throw new IllegalArgumentException("layers[" + i + "] " + layers[i]
                + ": parameter " + p.name() + " is already in the network");
          }
        }
        ps.add(p);
        owners.add(i);
        first = Math.min(first, i);
      }
      if (layers[i] instanceof Affine a) {
        ws.add(a.weight());
      } else if (layers[i] instanceof Convolution c) {
        ws.add(c.weight());
      }
    }
    this.params = ps.toArray(new Parameter[0]);
    this.owner = owners.stream().mapToInt(Integer::intValue).toArray();
    this.weights = ws.toArray(new Parameter[0]);
    this.firstTrainable = first;
    if (first < layers.length) {
      setComputeInputGradient(layers[first], false);
    }
    this.outputs = new float[layers.length][];
    this.fused = new boolean[layers.length];
    for (int i = 0; i + 2 < layers.length; i++) {
      fused[i] = layers[i] instanceof Convolution c && layers[i + 1].getClass() == Relu.class
          && layers[i + 2] instanceof MaxPooling p && c.fusesWith(p);
    }
    this.lossLayer = new SoftmaxWithLoss(layers[layers.length - 1].outputSize());
    this.inputShape = new int[] {layers[0].inputSize()};
  }

  int inputSize() {
    return layers[0].inputSize();
  }

  int classes() {
    return lossLayer.classes();
  }

  /** The input width, then each Affine's output width (the shorthand's layer sizes). */
  int[] affineWidths() {
    int affines = 0;
    for (Layer l : layers) {
      affines += l instanceof Affine ? 1 : 0;
    }
    int[] widths = new int[affines + 1];
    widths[0] = inputSize();
    int a = 0;
    for (Layer l : layers) {
      if (l instanceof Affine f) {
        widths[++a] = f.outputSize();
      }
    }
    return widths;
  }

  /** The first built-in activation in the stack, or null. */
  Activation firstActivation() {
    for (Layer l : layers) {
      Activation act = l instanceof Relu ? Activation.RELU : l instanceof Sigmoid
          ? Activation.SIGMOID : l instanceof Tanh ? Activation.TANH : null;
      if (act != null) {
        return act;
      }
    }
    return null;
  }

  /**
   * Turns the first layer with parameters' input gradient on or off, when it is an Affine or a
   * Convolution (the layers whose dx is optional).
   */
  void setComputeFirstInputGradient(boolean on) {
    if (firstTrainable < layers.length) {
      setComputeInputGradient(layers[firstTrainable], on);
    }
  }

  private static void setComputeInputGradient(Layer l, boolean on) {
    if (l instanceof Affine a) {
      a.setComputeInputGradient(on);
    } else if (l instanceof Convolution c) {
      c.setComputeInputGradient(on);
    }
  }

  /** Allocates the buffers of every layer and of the loss layer for batches up to batch. */
  void reserve(int batch) {
    for (Layer l : layers) {
      l.reserve(batch);
    }
    lossLayer.reserve(batch);
  }

  void setTraining(boolean training) {
    for (Layer l : layers) {
      l.setTraining(training);
    }
  }

  /** Whether the Dropout layers reuse their masks (see {@link #freezeMasks}). */
  boolean masksFrozen;

  void freezeMasks(boolean frozen) {
    masksFrozen = frozen;
    for (Layer l : layers) {
      if (l instanceof Dropout d) {
        d.setMaskFrozen(frozen);
      }
    }
  }

  /** Runs layers[from..] on the cached inputs (x itself when from is 0); returns the logits. */
  float[] forwardFrom(int from, float[] x, int batch) {
    for (int i = Math.max(0, from - 2); i < from; i++) {
      if (fused[i]) { // inside a fused group, whose inner outputs were not kept
        from = i;
        break;
      }
    }
    float[] h = from == 0 ? x : outputs[from - 1];
    for (int i = from; i < layers.length; i++) {
      if (fused[i]) {
        h = ((Convolution) layers[i]).forwardReluPool(h, batch, (MaxPooling) layers[i + 2]);
        outputs[i] = null;
        outputs[i + 1] = null;
        i += 2;
      } else {
        h = layers[i].forward(h, batch);
      }
      outputs[i] = h;
    }
    return h;
  }

  /** Backward from the loss (scaled by dout) down to the first layer with parameters. */
  void backwardFrom(float dout) {
    float[] d = lossLayer.backward(dout);
    for (int i = layers.length - 1; i >= firstTrainable && d != null; i--) {
      if (i >= 2 && fused[i - 2]) {
        i -= 2;
        d = ((Convolution) layers[i]).backwardReluPool(d);
      } else {
        d = layers[i].backward(d);
      }
    }
  }

  /** ½·λ·ΣW² over the weights (Affine and Convolution), summed in double in element order (0 without decay). */
  double decayTerm(float lambda) {
    if (lambda == 0f) {
      return 0;
    }
    double s = 0;
    for (Parameter w : weights) {
      for (float v : w.value()) {
        s += (double) v * v;
      }
    }
    return 0.5 * lambda * s;
  }

  /** Adds λ·W to every weight gradient (Affine and Convolution) (nothing without decay). */
  void addDecayGradient(float lambda) {
    if (lambda != 0f) {
      for (Parameter w : weights) {
        UpdateKernels.axpy(w.size(), lambda, w.value(), 0, w.grad(), 0);
      }
    }
  }

  /** Copies of every parameter's values, in {@link #params} order; see Network. */
  float[][] copyParameters() {
    float[][] out = new float[params.length][];
    for (int i = 0; i < params.length; i++) {
      out[i] = params[i].copyOfValue();
    }
    return out;
  }

  /** Copies values into the parameters, in order; see Network.loadParameters. */
  void loadParameters(float[][] values) {
    if (values == null || values.length != params.length) {
      throw new IllegalArgumentException("values: expected " + params.length + " arrays for "
          + java.util.Arrays.asList(params) + ", got " + (values == null ? "null"
          : values.length));
    }
    for (int i = 0; i < params.length; i++) {
      params[i].copyFrom(values[i]);
    }
  }
}
