package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vecprop.nn.LayerKind;
import io.github.vecprop.nn.Network;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Model files are a promise: a format-1 file written by vecprop 0.2.0-SNAPSHOT before the layer
 * stack existed (the committed fixture {@code v1-784-16-10-relu.vpm}, made by
 * {@code MakeV1.java.txt} beside it against that build) loads and predicts the very bits that
 * build predicted ({@code .expected}); format 2 round-trips any stack through files, bytes,
 * streams and the class path; unknown versions and layer kinds are one line naming the source.
 */
class ModelCompatibilityTest {
  private static final String FIXTURE = "io/github/vecprop/model/v1-784-16-10-relu.vpm";

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ModelCompatibilityTest.class.getClassLoader()
        .getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aVersion1FileOfTheOldBuildPredictsTheSameBits() throws IOException {
    byte[] file = resource(FIXTURE);
    assertEquals(1, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(8), "format 1");
    Model m = Model.fromClasspath(getClass().getClassLoader(), FIXTURE);
    assertEquals(784, m.inputSize());
    assertEquals(10, m.classes());
    List<String> lines = new ArrayList<>();
    for (String l : new String(resource(FIXTURE.replace(".vpm", ".expected")),
        StandardCharsets.US_ASCII).split("\n")) {
      if (!l.startsWith("#") && !l.isBlank()) {
        lines.add(l);
      }
    }
    assertEquals(4, lines.size());
    for (int k = 0; k < 4; k++) {
      byte[] px = new byte[784];
      for (int i = 0; i < 784; i++) {
        px[i] = (byte) ((i * 37 + k * 11) % 256);
      }
      Prediction p = m.predict(px);
      String[] f = lines.get(k).split(" ");
      assertEquals(Integer.parseInt(f[0]), p.label(), "label of image " + k);
      for (int c = 0; c < 10; c++) {
        assertEquals(Integer.parseUnsignedInt(f[c + 1], 16),
            Float.floatToRawIntBits(p.probabilities()[c]), "image " + k + " class " + c);
      }
    }
    // Saved again it is a format-2 file of the same spec.
    byte[] again = m.toBytes();
    assertEquals(ModelFile.VERSION, ByteBuffer.wrap(again).order(ByteOrder.LITTLE_ENDIAN)
        .getInt(8));
    assertEquals(m.spec(), Model.fromBytes(again).spec());
  }

  private static Network deepNet() {
    Network net = Network.builder(12).affine(9).batchNorm().tanh().dropout(0.25f).affine(7)
        .relu().affine(4).build(5);
    // Some running statistics and non-trivial γ, β.
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[8 * 12];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble(-1, 1);
    }
    int[] y = {0, 1, 2, 3, 0, 1, 2, 3};
    for (int s = 0; s < 3; s++) {
      net.gradient(x, 8, y);
    }
    return net;
  }

  @Test
  void aStackRoundTripsThroughBytesStreamsAndTheNetwork() throws IOException {
    Network net = deepNet();
    ModelSpec spec = ModelSpec.of(net);
    assertEquals(List.of(LayerKind.AFFINE, LayerKind.BATCHNORM, LayerKind.TANH, LayerKind.DROPOUT,
        LayerKind.AFFINE, LayerKind.RELU, LayerKind.AFFINE),
        spec.layers().stream().map(LayerSpec::kind).toList());
    Model m = Model.of(spec);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.write(out);
    Model back = Model.read(new ByteArrayInputStream(out.toByteArray()), "test stream");
    assertEquals(spec, back.spec());
    assertArrayEquals(out.toByteArray(), back.toBytes());
    // Inference: the model equals the network in inference mode, bit for bit.
    float[] x = new float[3 * 12];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) / 7f;
    }
    net.setTraining(false);
    float[] logits = net.predict(x, 3).clone();
    Prediction[] p = back.predictBatch(x, 3);
    for (int r = 0; r < 3; r++) {
      double max = Double.NEGATIVE_INFINITY;
      int arg = -1;
      for (int c = 0; c < 4; c++) {
        if (logits[r * 4 + c] > max) {
          max = logits[r * 4 + c];
          arg = c;
        }
      }
      assertEquals(arg, p[r].label(), "row " + r);
    }
    // The running statistics travel with the model.
    float[] mean = spec.layers().get(1).arrays().get("running_mean");
    assertTrue(mean[0] != 0f, "running mean was updated and stored");
  }

  @Test
  void unknownVersionsAndKindsAreOneLineNamingTheSource() throws IOException {
    byte[] good = Model.of(ModelSpec.of(deepNet())).toBytes();
    byte[] b = good.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 7);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.fromBytes(b));
    assertTrue(e.getMessage().startsWith("model bytes: format version 7 is not supported"),
        e.getMessage());
    // Rename the first kind, "affine", to "convol" and fix the CRC.
    byte[] c = good.clone();
    int at = indexOf(c, "affine".getBytes(StandardCharsets.US_ASCII));
    System.arraycopy("convol".getBytes(StandardCharsets.US_ASCII), 0, c, at, 6);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(c, 0, c.length - 4);
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(c.length - 4, (int) crc.getValue());
    e = assertThrows(ModelFormatException.class,
        () -> Model.read(new ByteArrayInputStream(c), "net.vpm"));
    assertTrue(e.getMessage().startsWith("net.vpm: layer 1: unknown layer type \"convol\""),
        e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
    assertThrows(NoSuchFileException.class,
        () -> Model.fromClasspath(getClass().getClassLoader(), "no/such/model.vpm"));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      boolean ok = true;
      for (int j = 0; j < needle.length && ok; j++) {
        ok = hay[i + j] == needle[j];
      }
      if (ok) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
