package io.github.vecprop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child process at random moments while it saves models in a loop (SIGTERM and
 * SIGKILL): the file on disk must always be one complete model, the old one or the new one.
 */
class KillDuringSaveTest {

  /** A 784-50-10 model whose every weight is {@code v}: which model survived is easy to tell. */
  static ModelSpec spec(float v) {
    int[] sizes = {784, 50, 10};
    float[][] p = {new float[784 * 50], new float[50], new float[50 * 10], new float[10]};
    for (float[] a : p) {
      java.util.Arrays.fill(a, v);
    }
    return new ModelSpec(sizes, "relu", p);
  }

  @Test
  void aKilledSaveLeavesACompleteModel(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("vecprop.seed", 20261128L);
    SplittableRandom r = new SplittableRandom(seed);
    Path file = dir.resolve("model.vpm");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int round = 0; round < 8; round++) {
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          SaveLoop.class.getName(), file.toString()).redirectErrorStream(true).start();
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        assertEquals("ready", in.readLine(), "child did not start");
        Thread.sleep(20 + r.nextInt(200));
        boolean hard = (round & 1) == 1;
        if (hard) {
          p.destroyForcibly(); // SIGKILL
        } else {
          p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not exit");
        ModelSpec got = ModelFile.readSpec(file);
        float w = got.param(0)[0];
        assertTrue(w == 1f || w == 2f, "round " + round + " seed " + seed + ": weight " + w);
        for (float[] a : got.params()) {
          for (float x : a) {
            assertEquals(w, x, "round " + round + " seed " + seed + ": a mixed file");
          }
        }
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
