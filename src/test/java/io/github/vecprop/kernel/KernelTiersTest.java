package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.vecprop.kernel.KernelWarmup.Family;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The facade serves from the twin until the warm-up has the Vector code compiled, then switches
 * every family by itself; {@link Kernels#warmUp} waits for that; a JVM where C2 cannot run stays
 * on the twin with one log line; and {@code -Dvecprop.warmup=off} serves the Vector code from the
 * first call.
 */
class KernelTiersTest {

  @Test
  void warmUpWaitsUntilEveryFamilyServesFromTheVectorApi() {
    Twins.panama(); // skips without the module
    assumeTrue(Kernels.simd(), "this JVM chose the twin: " + Kernels.selectionReason());
    Kernels.warmUp();
    assertTrue(!Kernels.warming(), "warmUp returned while warming");
    for (Family f : Family.values()) {
      assertEquals("panama", KernelTiers.get(f).name(), f + ": " + Kernels.selectionReason());
    }
    assertTrue(Kernels.selectionReason().contains("warm: every family on the Vector API"),
        Kernels.selectionReason());
  }

  private static String child(String... flags) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector"));
    cmd.addAll(List.of(flags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TierStateProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void aJvmWithoutC2StaysOnTheTwinWithOneLogLine() throws Exception {
    Twins.panama();
    String out = child("-XX:TieredStopAtLevel=1");
    assertTrue(out.contains("before scalar") && out.contains("after scalar"), out);
    long warnings = out.lines().filter(l -> l.contains("vecprop runs its plain-Java kernels"))
        .count();
    assertEquals(1, warnings, out);
    assertTrue(out.contains("emulated-client"), out);
  }

  @Test
  void aJvmWithC1OnlyByLevelStaysOnTheTwinToo() throws Exception {
    Twins.panama();
    String out = child("-XX:TieredStopAtLevel=3");
    assertTrue(out.contains("after scalar"), out);
    assertTrue(out.contains("TieredStopAtLevel=3"), out);
  }

  @Test
  void warmupOffServesTheVectorCodeFromTheFirstCall() throws Exception {
    Twins.panama();
    String out = child("-Dvecprop.warmup=off");
    assertTrue(out.contains("before panama first-call-panama"), out);
    assertTrue(out.contains("from the first call"), out);
  }

  @Test
  void autoStartsOnTheTwinAndEndsWarm() throws Exception {
    Twins.panama();
    String out = child();
    assertTrue(out.contains("before panama first-call-scalar"), out);
    assertTrue(out.contains("after panama") && out.contains("warm: every family"), out);
  }

  @Test
  void familiesNeverCalledStayOnTheTwinUntilCalledOrWarmUp() throws Exception {
    Twins.panama();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        LazyProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("used warm: gemm=panama elementwise=panama softmax=panama"
        + " reductions=panama"), out);
    assertTrue(out.contains("unused: conv=scalar activations=scalar features=scalar"
        + " optimizers=scalar"), out);
    assertTrue(out.contains("after tanh: activations=panama"), out);
    assertTrue(out.contains("after warmUp: conv=panama features=panama optimizers=panama"), out);
  }

  /**
   * Calls kernels of four families, lets the background warm-up switch them, checks the four
   * never called are still on the twin a while later, then calls tanh, then {@link Kernels#warmUp}.
   */
  static final class LazyProbe {
    public static void main(String[] args) throws InterruptedException {
      float[] x = new float[20];
      float[] y = new float[20];
      float[] c = new float[4];
      Kernels.gemm(2, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, 0, 0, 1, 1, 1}, c);
      Kernels.relu(20, x, 0, y, 0);
      Kernels.sum(20, x, 0);
      LossKernels.softmaxRows(2, 10, x, 0, y, 0);
      Kernels.warmUpInBackground();
      Family[] used = {Family.GEMM, Family.ELEMENTWISE, Family.SOFTMAX, Family.REDUCTIONS};
      waitFor(used);
      System.out.println("used warm: " + names(used));
      Thread.sleep(3 * KernelTiers.IDLE_MILLIS + 300);
      System.out.println("unused: " + names(Family.CONV, Family.ACTIVATIONS, Family.FEATURES,
          Family.OPTIMIZERS));
      ActivationKernels.tanh(20, x, 0, y, 0);
      waitFor(Family.ACTIVATIONS);
      System.out.println("after tanh: " + names(Family.ACTIVATIONS));
      Kernels.warmUp();
      System.out.println("after warmUp: " + names(Family.CONV, Family.FEATURES,
          Family.OPTIMIZERS));
    }

    private static void waitFor(Family... families) throws InterruptedException {
      long end = System.nanoTime() + 120_000_000_000L;
      for (Family f : families) {
        while (KernelTiers.get(f).name().equals("scalar") && System.nanoTime() < end) {
          Thread.sleep(10);
        }
      }
    }

    private static String names(Family... families) {
      StringBuilder sb = new StringBuilder();
      for (Family f : families) {
        sb.append(sb.length() == 0 ? "" : " ").append(f.id).append('=')
            .append(KernelTiers.get(f).name());
      }
      return sb.toString();
    }
  }

  /** Reads the state before and after {@link Kernels#warmUp} in a child JVM. */
  static final class TierStateProbe {
    public static void main(String[] args) {
      float[] c = new float[4];
      Kernels.gemm(2, 2, 3, new float[] {1, 2, 3, 4, 5, 6}, new float[] {1, 0, 0, 1, 1, 1}, c);
      String first = KernelTiers.gemm().name();
      System.out.println("before " + Kernels.implementation() + " first-call-" + first + " | "
          + Kernels.selectionReason());
      Kernels.warmUp();
      System.out.println("after " + Kernels.implementation() + " | " + Kernels.selectionReason());
    }
  }
}
