package io.github.vecprop.nn;

/**
 * The seed program's network by name: Affine → ReLU → Affine → SoftmaxWithLoss, weights drawn
 * from a Gaussian with std {@code weightInitStd} and zero biases, as in the book's
 * {@code TwoLayerNet(input_size=784, hidden_size=50, output_size=10)} with
 * {@code weight_init_std=0.01}. Everything else (shapes, buffers, single-writer) is
 * {@link Network}'s.
 */
public class TwoLayerNet extends Network {

  /**
   * {@code new TwoLayerNet(784, 50, 10, 0.01)} is the seed's; seeded with {@link #DEFAULT_SEED}.
   *
   * @param inputSize floats per input row (784 for MNIST)
   * @param hiddenSize ReLU units
   * @param outputSize classes
   * @param weightInitStd std of the Gaussian weights
   * @throws IllegalArgumentException when a size is not positive or the std is not positive and
   *     finite
   */
  public TwoLayerNet(int inputSize, int hiddenSize, int outputSize, double weightInitStd) {
    this(inputSize, hiddenSize, outputSize, weightInitStd, DEFAULT_SEED);
  }

  /**
   * As {@link #TwoLayerNet(int, int, int, double)} with the given seed for the weights.
   *
   * @param inputSize floats per input row (784 for MNIST)
   * @param hiddenSize ReLU units
   * @param outputSize classes
   * @param weightInitStd std of the Gaussian weights
   * @param seed seeds the weight draws; one seed gives the same weights on every JVM
   * @throws IllegalArgumentException when a size is not positive or the std is not positive and
   *     finite
   */
  public TwoLayerNet(int inputSize, int hiddenSize, int outputSize, double weightInitStd,
      long seed) {
    super(new int[] {inputSize, hiddenSize, outputSize}, Activation.RELU,
        WeightInit.gaussian(weightInitStd), seed);
  }
}
