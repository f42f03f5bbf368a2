package io.github.vecprop.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's one-core float FMA peak as the JVM sees it: twelve independent FMA chains on the
 * preferred vector species, registers only (enough chains to cover the FMA latency on two
 * pipes). The Suite divides the GEMM GFLOP/s by it for the "% peak" column unless {@code --peak}
 * is given. One op is {@link #LANE_FMAS} single-lane FMAs whatever the vector width, so its
 * GFLOP/s is 2·LANE_FMAS / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class PeakBench {

  /** Single-lane FMAs per op: 12 chains × 16 lanes × 4096 steps with AVX-512. */
  public static final long LANE_FMAS = 12L * 16 * 4096;

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  float a;
  float b;

  @Setup
  public void setup() {
    a = 0.999f;
    b = 0.001f;
    if (LANE_FMAS % (12L * F.length()) != 0) {
      throw new IllegalStateException(F.length() + " lanes do not divide " + LANE_FMAS);
    }
    // Each chain runs c ← a·c + b from c = b with b = 1 − a, so c − 1 shrinks by a a step and
    // ends at 1 − a^(steps + 1); a wrong or skipped FMA would not.
    double steps = LANE_FMAS / (12.0 * F.length());
    double want = 1 - Math.pow(a, steps + 1);
    float mean = fma() / (12 * F.length());
    Inputs.check(Math.abs(mean - want) < 1e-3, "peak loop: mean " + mean + ", expected " + want);
  }

  @Benchmark
  public float fma() {
    FloatVector va = FloatVector.broadcast(F, a);
    FloatVector vb = FloatVector.broadcast(F, b);
    FloatVector c0 = vb;
    FloatVector c1 = vb;
    FloatVector c2 = vb;
    FloatVector c3 = vb;
    FloatVector c4 = vb;
    FloatVector c5 = vb;
    FloatVector c6 = vb;
    FloatVector c7 = vb;
    FloatVector c8 = vb;
    FloatVector c9 = vb;
    FloatVector c10 = vb;
    FloatVector c11 = vb;
    int steps = (int) (LANE_FMAS / (12L * F.length()));
    for (int i = 0; i < steps; i++) {
      c0 = c0.fma(va, vb);
      c1 = c1.fma(va, vb);
      c2 = c2.fma(va, vb);
      c3 = c3.fma(va, vb);
      c4 = c4.fma(va, vb);
      c5 = c5.fma(va, vb);
      c6 = c6.fma(va, vb);
      c7 = c7.fma(va, vb);
      c8 = c8.fma(va, vb);
      c9 = c9.fma(va, vb);
      c10 = c10.fma(va, vb);
      c11 = c11.fma(va, vb);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
        .add(c11).reduceLanes(VectorOperators.ADD);
  }
}
