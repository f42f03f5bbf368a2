package io.github.vecprop.cli;

import io.github.vecprop.data.Dataset;
import io.github.vecprop.nn.Activation;
import io.github.vecprop.nn.Network;
import io.github.vecprop.nn.NetworkBuilder;
import io.github.vecprop.nn.WeightInit;
import io.github.vecprop.train.LearningRateSchedule;

/**
 * The train command's network and data flags: {@code --hidden --activation --batchnorm
 * --dropout --weight-decay} (each hidden layer Affine → BatchNorm → activation → Dropout, as the
 * book's {@code MultiLayerNetExtend}; none of them on the output layer) or {@code --layers SPEC}
 * for any stack ({@code --net simple-conv} is the book's SimpleConvNet as a spec), and
 * {@code --train-size --val-split --patience --lr-schedule}. Errors are
 * {@link UsageException}s naming the flag.
 */
final class NetworkFlags {
  /** The flags this class reads. */
  static final java.util.Set<String> VALUED = java.util.Set.of("net", "layers", "dropout",
      "weight-decay", "train-size", "val-split", "patience", "lr-schedule");

  /**
   * The book's SimpleConvNet ({@code ch07/simple_convnet.py}): Convolution 30 filters 5×5,
   * stride 1, pad 0 → ReLU → 2×2 max pooling, stride 2 → Affine 4320→100 → ReLU → Affine 10.
   */
  static final String SIMPLE_CONV = "conv:30x5x5,relu,pool:2,affine:100,relu,affine:10";

  /** The shape the spec is checked against before the data is loaded (MNIST's). */
  private static final int[] PROBE_SHAPE = {1, 28, 28};

  /** True for {@code --net simple-conv}: the book's defaults (Adam 0.001, 12 000 steps). */
  final boolean simpleConv;

  final int[] hidden;
  final Activation activation;
  final boolean batchNorm;
  final float dropout;
  final float weightDecay;
  final String layers;
  final int trainSize;
  final float valSplit;
  final int patience;
  final LearningRateSchedule schedule;

  NetworkFlags(Args a) throws UsageException {
    simpleConv = a.choice("net", "mlp", "mlp", "simple-conv").equals("simple-conv");
    if (simpleConv && a.has("layers")) {
      throw new UsageException("--net simple-conv is a layer spec (" + SIMPLE_CONV + "); give"
          + " either it or --layers");
    }
    layers = simpleConv ? SIMPLE_CONV : a.has("layers") ? a.string("layers", null) : null;
    if (layers != null) {
      for (String f : new String[] {"hidden", "activation", "batchnorm", "dropout"}) {
        if (a.has(f)) {
          throw new UsageException("--" + f + " describes an MLP; " + (simpleConv
              ? "--net simple-conv is fixed, write a variant as a --layers spec"
              : "with --layers put it in the spec"));
        }
      }
    }
    if (layers != null) {
      // The syntax and the output width, before any data is loaded (the input width changes
      // neither: a spec's last affine sets the classes).
      NetworkBuilder probe = layers.contains("conv") || layers.contains("pool")
          ? Network.builder(PROBE_SHAPE[0], PROBE_SHAPE[1], PROBE_SHAPE[2]) : Network.builder(1);
      try {
        probe.layers(layers);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--layers: " + e.getMessage());
      }
      if (!layers.contains("affine")) {
        throw new UsageException("--layers: needs at least one affine layer, e.g. affine:10");
      }
    }
    hidden = a.sizes("hidden", new int[] {50});
    activation = Activation.of(a.choice("activation", "relu", "relu", "sigmoid", "tanh"));
    batchNorm = a.flag("batchnorm");
    dropout = a.has("dropout") ? a.number("dropout", 0f, 0, 0.99, false) : 0f;
    weightDecay = a.has("weight-decay") ? a.number("weight-decay", 0f, 0, 1e6, false) : 0f;
    trainSize = a.has("train-size") ? a.integer("train-size", 0, 1, Integer.MAX_VALUE) : 0;
    valSplit = a.has("val-split") ? a.number("val-split", 0f, 0, 0.9, true) : 0f;
    patience = a.has("patience") ? a.integer("patience", 0, 1, 1 << 20) : 0;
    if (patience > 0 && valSplit == 0f) {
      throw new UsageException("--patience needs --val-split (early stopping watches the"
          + " validation accuracy)");
    }
    try {
      schedule = LearningRateSchedule.parse(a.string("lr-schedule", "constant"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--lr-schedule " + e.getMessage());
    }
  }

  /** True when the run is the seed's kind of network (no BatchNorm, Dropout, decay or spec). */
  boolean plainMlp() {
    return layers == null && !batchNorm && dropout == 0f && weightDecay == 0f;
  }

  Network build(int[] shape, int classes, WeightInit init, long seed) throws UsageException {
    NetworkBuilder b = (shape.length == 3 ? Network.builder(shape[0], shape[1], shape[2])
        : Network.builder(shape[0])).init(init);
    if (layers != null) {
      try {
        b.layers(layers);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--layers: " + e.getMessage());
      }
      if (b.width() != classes) {
        throw new UsageException("--layers: the last layer gives " + b.width()
            + " outputs, expected " + classes + " (the classes); end with affine:" + classes);
      }
    } else {
      for (int h : hidden) {
        b.affine(h);
        if (batchNorm) {
          b.batchNorm();
        }
        b.activation(activation);
        if (dropout > 0f) {
          b.dropout(dropout);
        }
      }
      b.affine(classes);
    }
    return b.weightDecay(weightDecay).build(seed);
  }

  /** The training set after --train-size and --val-split; [0] train, [1] validation or null. */
  Dataset[] split(Dataset train, long seed) throws UsageException {
    if (trainSize == 0 && valSplit == 0f) {
      return new Dataset[] {train, null};
    }
    Dataset d = train.shuffled(seed ^ 0x5EED5EED5EEDL);
    if (trainSize > 0) {
      if (trainSize > d.size()) {
        throw new UsageException("--train-size " + trainSize + ": the training set has only "
            + d.size() + " images");
      }
      d = d.slice(0, trainSize);
    }
    if (valSplit == 0f) {
      return new Dataset[] {d, null};
    }
    int held = (int) Math.floor(valSplit * d.size());
    if (held < 1 || held >= d.size()) {
      throw new UsageException("--val-split " + valSplit + ": holds out " + held + " of "
          + d.size() + " images, expected at least one and fewer than all");
    }
    return new Dataset[] {d.slice(held, d.size()), d.slice(0, held)};
  }
}
