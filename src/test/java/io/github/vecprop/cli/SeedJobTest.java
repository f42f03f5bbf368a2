package io.github.vecprop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's job keeps its weights: `vecprop train` with the default flags (784-50-10, ReLU,
 * N(0, 0.01²) from the float 0.01f, SGD 0.1, batch 100, seed 42) over a fixed synthetic IDX set
 * writes a model file whose SHA-256 is the one the build of 02aed94 (2026-12-02, before the CLI
 * parsed the std through a string and drew other weights) wrote from the same files. Any change
 * to the default job's initialisation, sampling, arithmetic or file layout fails here.
 */
class SeedJobTest {

  /** sha256 of model.vpm from 02aed94's `train --data DIR --iters 20 --out OUT` on these files. */
  private static final String SEED_MODEL_SHA256 =
      "3c38c28e5b86dc4e2201a3e73b18de8a7c5cdf79345fdbbcbd845b9dbc4cd0d9";

  @Test
  void theDefaultTrainCommandWritesTheSeedsModelFile(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    writeSyntheticMnist(data);
    Path out = dir.resolve("out");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new Main(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new String[] {"train", "--data", data.toString(), "--iters", "20", "--out",
            out.toString()});
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertEquals(SEED_MODEL_SHA256, sha256(out.resolve("model.vpm")),
        "the seed's default job drew or trained other weights than before");
  }

  /** 300 training and 100 test images of uniform random bytes and labels, SplittableRandom(2026). */
  static void writeSyntheticMnist(Path dir) throws IOException {
    SplittableRandom r = new SplittableRandom(2026);
    Files.write(dir.resolve("train-images-idx3-ubyte"), images(r, 300));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(r, 300));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(r, 100));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(r, 100));
  }

  private static byte[] images(SplittableRandom r, int n) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * 784).putInt(2051).putInt(n).putInt(28).putInt(28);
    for (int i = 0; i < n * 784; i++) {
      b.put((byte) r.nextInt(256));
    }
    return b.array();
  }

  private static byte[] labels(SplittableRandom r, int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) r.nextInt(10));
    }
    return b.array();
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
