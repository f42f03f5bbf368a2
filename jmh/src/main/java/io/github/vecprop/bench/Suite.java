package io.github.vecprop.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the selected benchmarks twice through the JMH Runner, once on the Vector API kernels and
 * once on the plain-Java twin, and prints them side by side.
 *
 * <p>The two passes differ in one fork argument only: {@code -Dvecprop.simd=on} (which fails the
 * fork rather than fall back silently) versus {@code -Dvecprop.simd=off}. Both forks get
 * {@code --add-modules=jdk.incubator.vector -Xms2g -Xmx2g}, so the scalar column is the twin on an
 * otherwise identical JVM. Every trial runs with JMH's GC profiler for allocation per op.
 *
 * <pre>
 * java -cp jmh/target/benchmarks.jar io.github.vecprop.bench.Suite [options] [include regex...]
 *   --quick          1 fork, 5×0.5 s warmup, 4×0.5 s measurement, squares up to 512 (≈ 4.5 min)
 *   (default)        full: 3 forks, 5×1 s warmup, 10×1 s measurement, every size
 *   --peak G         one core's peak GFLOP/s for the "% peak" column (default: PeakBench's)
 *   -f N, -wi N, -i N, -w TIME, -r TIME   override forks, iterations and times as in JMH
 *   --only simd|scalar   run one pass only
 *   -p name=v1,v2    override a @Param (e.g. -p gemmShape=256x256x256)
 *   --results DIR    also write simd.json, scalar.json (JMH's JSON) and table.txt there
 * </pre>
 */
public final class Suite {

  static final String PACKAGE = "io.github.vecprop.bench.";
  static final String[] COMMON_JVM_ARGS = {"--add-modules=jdk.incubator.vector", "-Xms2g",
      "-Xmx2g"};
  static final String[] QUICK_EJML_SHAPES = {"100x50x784", "512x512x512"};
  static final String[] QUICK_GEMM_SHAPES = {"100x50x784", "100x10x50", "128x128x128",
      "256x256x256", "512x512x512"};

  private Suite() {}

  /** A pass: its name for the table and the fork argument that picks the kernels. */
  enum Pass {
    SIMD("simd", "-Dvecprop.simd=on"),
    SCALAR("scalar", "-Dvecprop.simd=off");

    final String label;
    final String flag;

    Pass(String label, String flag) {
      this.label = label;
      this.flag = flag;
    }

    String[] jvmArgs() {
      String[] a = new String[COMMON_JVM_ARGS.length + 1];
      System.arraycopy(COMMON_JVM_ARGS, 0, a, 0, COMMON_JVM_ARGS.length);
      a[COMMON_JVM_ARGS.length] = flag;
      return a;
    }
  }

  /** The command line, parsed. */
  static final class Config {
    boolean quick;
    /** One core's peak GFLOP/s from --peak; null: measured by PeakBench in the simd pass. */
    Double peak;
    Integer forks;
    int warmupIterations = 5;
    TimeValue warmupTime = TimeValue.seconds(1);
    int iterations = 10;
    TimeValue iterationTime = TimeValue.seconds(1);
    private Integer wi;
    private Integer mi;
    private TimeValue wt;
    private TimeValue mt;
    List<Pass> passes = new ArrayList<>(List.of(Pass.SIMD, Pass.SCALAR));
    Map<String, String[]> params = new LinkedHashMap<>();
    List<String> includes = new ArrayList<>();
    Path results;

    static Config parse(String[] args) {
      Config c = new Config();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick":
            c.quick = true;
            break;
          case "--full":
            c.quick = false;
            break;
          case "--peak":
            c.peak = Double.parseDouble(value(args, ++i, a));
            if (!(c.peak > 0) || c.peak.isInfinite()) {
              throw new IllegalArgumentException("--peak: must be a positive GFLOP/s figure");
            }
            break;
          case "--forks":
          case "-f":
            c.forks = Integer.parseInt(value(args, ++i, a));
            break;
          case "-wi":
            c.wi = Integer.parseInt(value(args, ++i, a));
            break;
          case "-i":
            c.mi = Integer.parseInt(value(args, ++i, a));
            break;
          case "-w":
            c.wt = TimeValue.fromString(value(args, ++i, a));
            break;
          case "-r":
            c.mt = TimeValue.fromString(value(args, ++i, a));
            break;
          case "--only":
            String p = value(args, ++i, a);
            c.passes.clear();
            c.passes.add(Pass.valueOf(p.toUpperCase(Locale.ROOT)));
            break;
          case "-p":
            String kv = value(args, ++i, a);
            int eq = kv.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("-p: expected name=v1,v2, got " + kv);
            }
            c.params.put(kv.substring(0, eq), kv.substring(eq + 1).split(","));
            break;
          case "--results":
            c.results = Path.of(value(args, ++i, a));
            break;
          case "-h":
          case "--help":
            return null;
          default:
            if (a.startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
            c.includes.add(a);
        }
      }
      if (c.includes.isEmpty()) {
        c.includes.add(PACKAGE.replace(".", "\\.") + ".*Bench\\.");
      }
      if (c.quick && !c.params.containsKey("gemmShape")) {
        c.params.put("gemmShape", QUICK_GEMM_SHAPES);
      }
      // Quick mode stays under five minutes: EJML on the seed's forward shape and 512³ only,
      // and the training step with SGD only.
      if (c.quick && !c.params.containsKey("ejmlShape")) {
        c.params.put("ejmlShape", QUICK_EJML_SHAPES);
      }
      if (c.quick && !c.params.containsKey("optimizer")) {
        c.params.put("optimizer", new String[] {"sgd"});
      }
      if (c.quick) {
        // 2.5 s of warmup: on 2 loaded cores C2 needs well over a second before the vector
        // kernels stop running boxed in the interpreter (a 200 ms warmup still measures that).
        c.warmupIterations = 5;
        c.warmupTime = TimeValue.milliseconds(500);
        c.iterations = 4;
        c.iterationTime = TimeValue.milliseconds(500);
      }
      c.warmupIterations = c.wi != null ? c.wi : c.warmupIterations;
      c.iterations = c.mi != null ? c.mi : c.iterations;
      c.warmupTime = c.wt != null ? c.wt : c.warmupTime;
      c.iterationTime = c.mt != null ? c.mt : c.iterationTime;
      return c;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + ": needs a value");
      }
      return args[i];
    }

    int forkCount() {
      return forks != null ? forks : quick ? 1 : 3;
    }

    String describe() {
      return (quick ? "quick mode (indicative only)" : "full mode") + ": " + forkCount()
          + " fork(s), warmup " + warmupIterations + " x " + warmupTime + ", measurement "
          + iterations + " x " + iterationTime
          + (params.isEmpty() ? ", every size" : ", params " + paramsText());
    }

    private String paramsText() {
      List<String> p = new ArrayList<>();
      for (Map.Entry<String, String[]> e : params.entrySet()) {
        p.add(e.getKey() + "=" + String.join(",", e.getValue()));
      }
      return String.join(" ", p);
    }
  }

  public static void main(String[] args) throws RunnerException, IOException {
    Config cfg;
    try {
      cfg = Config.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("Suite: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cfg == null) {
      printHelp();
      return;
    }
    if (cfg.results != null) {
      Files.createDirectories(cfg.results);
    }
    Map<Pass, Collection<RunResult>> runs = new LinkedHashMap<>();
    for (Pass pass : cfg.passes) {
      System.out.println("# vecprop Suite: " + pass.label + " pass, fork JVM args "
          + String.join(" ", pass.jvmArgs()));
      runs.put(pass, new Runner(options(cfg, pass).build()).run());
    }
    String table = Table.render(cfg, runs);
    System.out.println();
    System.out.print(table);
    if (cfg.results != null) {
      Files.writeString(cfg.results.resolve("table.txt"), table, StandardCharsets.UTF_8);
      System.out.println("# written to " + cfg.results.toAbsolutePath());
    }
  }

  static ChainedOptionsBuilder options(Config cfg, Pass pass) {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .forks(cfg.forkCount())
        .jvmArgsAppend(pass.jvmArgs())
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true);
    for (String include : cfg.includes) {
      b.include(include);
    }
    if (pass == Pass.SIMD && cfg.peak == null) {
      b.include(PACKAGE.replace(".", "\\.") + "PeakBench\\.");
    } else {
      b.exclude("PeakBench"); // a Vector API loop: the scalar pass has nothing to compare
    }
    if (pass == Pass.SCALAR) {
      b.exclude("EjmlBench"); // EJML ignores vecprop.simd: one pass measures it
      b.exclude("GemmBench.gemmThreads"); // threads apply to the Vector API kernels only
    }
    b.warmupIterations(cfg.warmupIterations).warmupTime(cfg.warmupTime)
        .measurementIterations(cfg.iterations).measurementTime(cfg.iterationTime);
    for (Map.Entry<String, String[]> p : cfg.params.entrySet()) {
      b.param(p.getKey(), p.getValue());
    }
    if (cfg.results != null) {
      b.resultFormat(ResultFormatType.JSON)
          .result(cfg.results.resolve(pass.label + ".json").toString());
    }
    return b;
  }

  private static void printHelp() {
    PrintStream o = System.out;
    o.println("java -cp benchmarks.jar io.github.vecprop.bench.Suite [options] [include regex...]");
    o.println("  --quick              1 fork, short iterations, squares up to 512 (about 4.5 min)");
    o.println("  --full               (default) 3 forks, 5x1 s warmup, 10x1 s measurement, all sizes");
    o.println("  --peak G             one core's peak GFLOP/s for the % peak column (default:");
    o.println("                       measured by PeakBench, an FMA loop, in the simd pass)");
    o.println("  -f/--forks N, -wi N, -i N, -w TIME, -r TIME");
    o.println("                       override forks, warmup/measurement iterations and times");
    o.println("                       (as in JMH; for smoke runs, not for numbers to keep)");
    o.println("  --only simd|scalar   run one pass only");
    o.println("  -p name=v1,v2        override a @Param, e.g. -p gemmShape=256x256x256");
    o.println("  --results DIR        also write simd.json, scalar.json and table.txt to DIR");
    o.println("Include regexes are matched like JMH's (find in the benchmark's full name),");
    o.println("e.g. GemmBench, 'ActivationBench.relu', 'OptimizerBench.adam'.");
  }

  /** The side-by-side table. */
  static final class Table {
    private Table() {}

    /** One benchmark and parameter combination, both passes. */
    static final class Row {
      final String name;
      final String shape;
      final double flops;
      final Map<Pass, RunResult> results = new LinkedHashMap<>();

      Row(String name, String shape, double flops) {
        this.name = name;
        this.shape = shape;
        this.flops = flops;
      }
    }

    static String render(Config cfg, Map<Pass, Collection<RunResult>> runs) {
      double peak = cfg.peak != null ? cfg.peak : measuredPeak(runs.get(Pass.SIMD));
      String peakSource = cfg.peak != null ? "--peak" : Double.isNaN(peak)
          ? "not measured (PeakBench did not run; pass --peak)" : "measured by PeakBench";
      Map<String, Row> rows = new LinkedHashMap<>();
      for (Map.Entry<Pass, Collection<RunResult>> run : runs.entrySet()) {
        for (RunResult r : run.getValue()) {
          BenchmarkParams p = r.getParams();
          String name = p.getBenchmark().startsWith(PACKAGE)
              ? p.getBenchmark().substring(PACKAGE.length()) : p.getBenchmark();
          List<String> values = new ArrayList<>();
          for (String key : p.getParamsKeys()) {
            values.add(p.getParam(key));
          }
          String shape = values.isEmpty() ? "-" : String.join(",", values);
          rows.computeIfAbsent(name + " " + shape,
              k -> new Row(name, shape, flops(name, shape))).results.put(run.getKey(), r);
        }
      }
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT,
          "vecprop kernels, %s; JDK %s; %s%n", cfg.describe(),
          System.getProperty("java.version"), "one thread"));
      for (Pass pass : runs.keySet()) {
        sb.append(String.format(Locale.ROOT, "  %-6s = fork JVM args %s%n", pass.label,
            String.join(" ", pass.jvmArgs())));
      }
      sb.append(String.format(Locale.ROOT,
          "  time = mean per op +- 99.9%% CI half-width; GFLOP/s for GEMM (2mnk / time), the "
              + "steps and ConvBench (their GEMM work / time); "
              + "%% peak against %.1f GFLOP/s (%s); speedup = scalar time / simd time; "
              + "alloc = gc.alloc.rate.norm%n%n", peak, peakSource));
      String fmt = "%-30s %-15s %-14s %-14s %8s %14s %14s %12s %12s%n";
      sb.append(String.format(Locale.ROOT, fmt, "benchmark", "shape", "simd time",
          "scalar time", "speedup", "simd GFLOP/s", "scalar GFLOP/s", "simd B/op",
          "scalar B/op"));
      for (Row row : rows.values()) {
        RunResult simd = row.results.get(Pass.SIMD);
        RunResult scalar = row.results.get(Pass.SCALAR);
        double ts = seconds(simd);
        double tc = seconds(scalar);
        sb.append(String.format(Locale.ROOT, fmt, row.name, row.shape, time(simd),
            time(scalar), ratio(tc, ts), gflops(row.flops, ts, peak),
            gflops(row.flops, tc, peak), alloc(simd), alloc(scalar)));
      }
      return sb.toString();
    }

    /**
     * 2·m·n·k for the GEMM benchmarks (shape m x n x k); the GEMM work of one seed training step
     * (forward 2·100·(784·50 + 50·10), dW1 2·784·50·100, dW2 2·50·10·100, dx of layer 2
     * 2·100·10·50 = 15.98 MFLOP) and of one 10 000-image evaluation pass; NaN for the rest.
     */
    /** GFLOP/s of PeakBench in these results, NaN when it did not run. */
    static double measuredPeak(Collection<RunResult> simd) {
      if (simd != null) {
        for (RunResult r : simd) {
          if (r.getParams().getBenchmark().endsWith(".PeakBench.fma")) {
            return 2.0 * PeakBench.LANE_FMAS / seconds(r) / 1e9;
          }
        }
      }
      return Double.NaN;
    }

    static double flops(String name, String shape) {
      if (name.startsWith("PeakBench.")) {
        return 2.0 * PeakBench.LANE_FMAS;
      }
      if (name.startsWith("TrainStepBench.")) {
        return 2.0 * 100 * (784 * 50 + 50 * 10) + 2.0 * 784 * 50 * 100 + 2.0 * 50 * 10 * 100
            + 2.0 * 100 * 10 * 50;
      }
      if (name.startsWith("ConvBench.conv")) {
        return 2.0 * 100 * 30 * 576 * 25;
      }
      if (name.startsWith("ConvBench.step")) {
        return 2 * (2.0 * 100 * 30 * 576 * 25) + 3 * (2.0 * 100 * 4320 * 100)
            + 3 * (2.0 * 100 * 100 * 10);
      }
      if (name.startsWith("EvalBench.")) {
        return 2.0 * EvalBench.N * (784 * 50 + 50 * 10);
      }
      if (!(name.startsWith("GemmBench.") || name.startsWith("EjmlBench."))
          || shape.equals("-")) {
        return Double.NaN;
      }
      int[] d = Inputs.dims(shape.split(",")[0], 3); // gemmThreads: "shape,threads"
      return 2.0 * d[0] * d[1] * d[2];
    }

    /** Seconds per op, NaN when the pass did not run. */
    static double seconds(RunResult r) {
      if (r == null) {
        return Double.NaN;
      }
      Result<?> p = r.getPrimaryResult();
      return p.getScore() * secondsPer(p.getScoreUnit());
    }

    static double secondsPer(String unit) {
      String u = unit.substring(0, unit.indexOf('/'));
      switch (u) {
        case "ns":
          return 1e-9;
        case "us":
          return 1e-6;
        case "ms":
          return 1e-3;
        case "s":
          return 1;
        case "min":
          return 60;
        default:
          throw new IllegalArgumentException("unexpected score unit " + unit
              + " (the Suite reads average time per op)");
      }
    }

    static String time(RunResult r) {
      if (r == null) {
        return "-";
      }
      Result<?> p = r.getPrimaryResult();
      double s = seconds(r);
      String err = Double.isNaN(p.getScoreError()) || p.getScore() == 0 ? ""
          : String.format(Locale.ROOT, " +-%.0f%%", 100 * p.getScoreError() / p.getScore());
      return human(s) + err;
    }

    static String human(double s) {
      TimeUnit[] units = {TimeUnit.SECONDS, TimeUnit.MILLISECONDS, TimeUnit.MICROSECONDS};
      String[] names = {"s", "ms", "us"};
      double[] scale = {1, 1e3, 1e6};
      for (int i = 0; i < units.length; i++) {
        if (s >= 1 / scale[i]) {
          return String.format(Locale.ROOT, "%.3g %s", s * scale[i], names[i]);
        }
      }
      return String.format(Locale.ROOT, "%.3g ns", s * 1e9);
    }

    static String ratio(double scalar, double simd) {
      return Double.isNaN(scalar) || Double.isNaN(simd) ? "-"
          : String.format(Locale.ROOT, "%.2fx", scalar / simd);
    }

    static String gflops(double flops, double seconds, double peak) {
      if (Double.isNaN(flops) || Double.isNaN(seconds)) {
        return "-";
      }
      double g = flops / seconds / 1e9;
      return Double.isNaN(peak) ? String.format(Locale.ROOT, "%.2f", g)
          : String.format(Locale.ROOT, "%.2f (%.0f%%)", g, 100 * g / peak);
    }

    static String alloc(RunResult r) {
      if (r == null) {
        return "-";
      }
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          return String.format(Locale.ROOT, "%.1f", e.getValue().getScore());
        }
      }
      return "n/a";
    }
  }
}
