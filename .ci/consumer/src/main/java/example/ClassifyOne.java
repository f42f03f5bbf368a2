package example;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.model.Model;
import io.github.vecprop.model.ModelFile;
import io.github.vecprop.model.ModelSpec;
import io.github.vecprop.model.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a tiny model in code, writes it and loads it back through the public API, and classifies
 * one 28×28 image through {@link Model}; exits non-zero when a result is not the expected one.
 *
 * <p>The model is 784 → 10 → 10 with ReLU: hidden unit j adds 0.05 × every pixel whose index is
 * j mod 10, and the output layer is 8 × the identity. An image whose lit pixels all have an index
 * that is 7 mod 10 is therefore class 7 with a probability of almost 1.
 *
 * <p>Argument: the kernels expected, "panama" (run with {@code --add-modules
 * jdk.incubator.vector}) or "scalar" (run without it).
 */
public final class ClassifyOne {
  private ClassifyOne() {}

  public static void main(String[] args) throws Exception {
    String expectedKernels = args.length > 0 ? args[0] : null;
    int in = 784;
    int hidden = 10;
    int classes = 10;
    float[] w1 = new float[in * hidden];
    for (int p = 0; p < in; p++) {
      w1[p * hidden + p % 10] = 0.05f;
    }
    float[] w2 = new float[hidden * classes];
    for (int j = 0; j < hidden; j++) {
      w2[j * classes + j] = 8f;
    }
    ModelSpec spec = new ModelSpec(new int[] {in, hidden, classes}, "relu",
        new float[][] {w1, new float[hidden], w2, new float[classes]});

    Path dir = Files.createTempDirectory("vecprop-consumer");
    Path file = dir.resolve("tiny.vpm");
    Model model;
    try {
      ModelFile.write(file, spec);
      model = Model.load(file);
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }

    byte[] seven = image(7);
    Prediction p = model.predict(seven);
    check(p.label() == 7, "predict(byte[]) gave " + p + ", expected label 7");
    check(p.confidence() > 0.99f, "confidence " + p.confidence() + ", expected > 0.99");
    float sum = 0;
    for (float v : p.probabilities()) {
      sum += v;
    }
    check(Math.abs(sum - 1f) < 1e-5f, "probabilities sum to " + sum);

    float[] unit = new float[in];
    for (int i = 0; i < in; i++) {
      unit[i] = (seven[i] & 0xff) / 255f;
    }
    check(model.predict(unit).equals(p), "predict(float[]) differs from predict(byte[])");
    check(Model.of(spec).predict(seven).equals(p), "the model read back differs from the spec");

    float[] two = new float[2 * in];
    System.arraycopy(unit, 0, two, 0, in);
    byte[] three = image(3);
    for (int i = 0; i < in; i++) {
      two[in + i] = (three[i] & 0xff) / 255f;
    }
    Prediction[] batch = model.predictBatch(two, 2);
    check(batch[0].label() == 7 && batch[1].label() == 3,
        "predictBatch gave " + batch[0].label() + ", " + batch[1].label() + ", expected 7, 3");

    String kernels = Kernels.implementation();
    check(expectedKernels == null || expectedKernels.equals(kernels),
        "kernels " + kernels + " (" + Kernels.selectionReason() + "), expected " + expectedKernels);
    System.out.printf("consumer OK: vecprop %s, kernels %s, label %d (p=%.4f), batch %d %d%n",
        Model.class.getPackage().getImplementationVersion(), kernels, p.label(), p.confidence(),
        batch[0].label(), batch[1].label());
  }

  /** A 28×28 image, unsigned bytes, lit (255) exactly at the pixels whose index is c mod 10. */
  private static byte[] image(int c) {
    byte[] px = new byte[784];
    for (int i = c; i < px.length; i += 10) {
      px[i] = (byte) 255;
    }
    return px;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      System.err.println("consumer FAILED: " + message);
      System.exit(1);
    }
  }
}
