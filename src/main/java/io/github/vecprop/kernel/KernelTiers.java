package io.github.vecprop.kernel;

import io.github.vecprop.kernel.KernelWarmup.Family;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Which implementation serves each kernel family right now, and the daemon warm-up that moves a
 * family from the plain-Java twin to the Vector API once the Vector code is compiled.
 *
 * <p>Why: until C2 has compiled them, Vector API kernels run boxed, far slower than the twin, so a
 * program that used them from its first call paid for the JIT (a short job ran slower with the
 * flag than without). Both implementations give the same bits (see {@link KernelSupport}), so the
 * facade may serve a family from the twin and switch at any call without changing a result.
 *
 * <p>The warm-up ({@code vecprop-warmup}, a daemon thread, scheduled when the Vector path is chosen
 * and started once the twin has done {@link #START_AFTER_MACS} of GEMM work) loads the Vector
 * implementation, then runs the {@link KernelWarmup} rounds on it (GEMM's alone until GEMM has
 * switched, then those of the families whose kernels the program has called; the others once it
 * calls them or at {@link Kernels#warmUp}, the thread sleeping meanwhile), and every
 * {@link #CHECK_EVERY} rounds probes each family being warmed: the family switches when, twice in
 * a row, a probe on the Vector implementation allocated nothing (boxed vectors are objects;
 * C2-compiled ones are not) and took no longer than {@link #NOT_SLOWER} × the same probe on the
 * twin. Families not verified after {@link #GIVE_UP_NANOS} of warming without a switch stay on
 * the twin (one log line). A JVM whose C2 cannot run stays on the twin.
 *
 * <p>Dispatch: one volatile field per family (in its {@code Slot}), read once per kernel call by
 * the facade (never inside a kernel loop), beside a plain flag that records the family's use. A
 * {@code SwitchPoint}-guarded method handle would let C2 fold it, but it
 * cost 5–7 ms to build on the first call and about 2 µs per call while interpreted (measured on
 * the development VM, JDK 17), which is the cold start this class exists to make fast; the
 * volatile read costs a plain load on x86 (ReLU over 100×10 in JMH: 88 ± 7 ns before, 82 ± 11
 * after; README, performance).
 */
final class KernelTiers {
  private KernelTiers() {}

  static final int CHECK_EVERY = 100;

  /**
   * The warm-up starts once the twin has run this many GEMM multiply-adds (2³⁰, about 0.15 s of
   * the twin's GEMM on one core), or at {@link Kernels#warmUp}. Started at the first call, it took
   * one core and the C2 compiler from programs that were done in a second: on the 2-vCPU
   * development VM, 10 000 single predictions ran 1.9× slower with the flag than without, all on
   * the twin, while the Vector code compiled beside them. A job that small never needs the Vector
   * code; one that does runs 0.15 s on the twin first (about 140 steps of the seed's training).
   */
  static final long START_AFTER_MACS = 1L << 30;
  private static long twinWork;
  /** The warm-up thread, made but not started; null once started (or when there is none). */
  private static volatile Thread scheduled;
  static final double NOT_SLOWER = 1.1;
  static final long GIVE_UP_NANOS = 60_000_000_000L;
  private static final System.Logger LOG = System.getLogger("io.github.vecprop.kernel");
  private static final KernelSupport TWIN = ScalarKernelSupport.INSTANCE;

  /**
   * One family's implementation right now, and whether any of its kernels has been called: the
   * warm-up compiles the families in use first (the seed's training uses four of the eight).
   */
  private static final class Slot {
    volatile KernelSupport impl = TWIN;
    /** Plain: a late or lost write only puts the family's warm-up a round later. */
    boolean used;

    KernelSupport use() {
      if (!used) {
        used = true;
      }
      return impl;
    }
  }

  private static final Slot[] SLOTS = new Slot[Family.values().length];
  /** Set by {@link #await}: warm every family now, called or not. */
  private static volatile boolean everything;
  /** How long the warm-up sleeps between looks for a newly used family. */
  static final long IDLE_MILLIS = 20;
  private static final String WARMING =
      "warming up: every family on the plain-Java twin until its Vector code is compiled";
  private static final String IDLE = "warm for every family called so far; the others switch"
      + " once one of their kernels is called (or at Kernels.warmUp())";

  static {
    for (int i = 0; i < SLOTS.length; i++) {
      SLOTS[i] = new Slot();
    }
  }

  private static final Slot GEMM = SLOTS[Family.GEMM.ordinal()];
  private static final Slot CONV = SLOTS[Family.CONV.ordinal()];
  private static final Slot ELEMENTWISE = SLOTS[Family.ELEMENTWISE.ordinal()];
  private static final Slot ACTIVATIONS = SLOTS[Family.ACTIVATIONS.ordinal()];
  private static final Slot FEATURES = SLOTS[Family.FEATURES.ordinal()];
  private static final Slot SOFTMAX = SLOTS[Family.SOFTMAX.ordinal()];
  private static final Slot REDUCTIONS = SLOTS[Family.REDUCTIONS.ordinal()];
  private static final Slot OPTIMIZERS = SLOTS[Family.OPTIMIZERS.ordinal()];

  /** The Vector implementation once loaded (null before, or when it cannot be used). */
  private static volatile KernelSupport target;
  /** Why the Vector path is not (or not yet) in use, for selectionReason(); null when warm. */
  private static volatile String state = "plain-Java twin";
  private static volatile double switchedAtSeconds = Double.NaN;
  private static final CountDownLatch DONE = new CountDownLatch(1);
  /** Counted down once {@link #target} is known (loaded, or found unusable). */
  private static final CountDownLatch LOADED = new CountDownLatch(1);
  private static final long START = System.nanoTime();

  static KernelSupport gemm() {
    return GEMM.impl;
  }

  /**
   * The GEMM family for a product of {@code macs} multiply-adds; counts the work the twin has done
   * while a warm-up waits to start, and starts it past {@link #START_AFTER_MACS}.
   */
  static KernelSupport gemm(long macs) {
    countTwinWork(macs);
    return GEMM.use();
  }

  /** The convolution products and pooling, counted as {@link #gemm(long)} is. */
  static KernelSupport conv(long macs) {
    countTwinWork(macs);
    return CONV.use();
  }

  private static void countTwinWork(long macs) {
    if (scheduled != null) {
      twinWork += macs; // a plain counter: a lost update among racing callers costs nothing
      if (twinWork >= START_AFTER_MACS) {
        startScheduled();
      }
    }
  }

  static KernelSupport elementwise() {
    return ELEMENTWISE.use();
  }

  static KernelSupport activations() {
    return ACTIVATIONS.use();
  }

  static KernelSupport features() {
    return FEATURES.use();
  }

  static KernelSupport softmax() {
    return SOFTMAX.use();
  }

  static KernelSupport reductions() {
    return REDUCTIONS.use();
  }

  static KernelSupport optimizers() {
    return OPTIMIZERS.use();
  }

  /** Every family on {@code impl} from now on, no warm-up (the twin, or -Dvecprop.warmup=off). */
  static void fix(KernelSupport impl, String why) {
    for (Family f : Family.values()) {
      set(f, impl);
    }
    target = impl == TWIN ? null : impl;
    state = why;
    LOADED.countDown();
    DONE.countDown();
  }

  /**
   * Schedules the warm-up thread (started by {@link #gemm(long)} or {@link #await}); {@code panama}
   * is the loaded Vector implementation, or null to load it on that thread.
   */
  static void startWarmUp(KernelSupport panama) {
    state = WARMING;
    Thread t = new Thread(() -> warm(panama), "vecprop-warmup");
    t.setDaemon(true);
    scheduled = t;
  }

  static synchronized void startScheduled() {
    Thread t = scheduled;
    if (t != null) {
      scheduled = null;
      t.start();
    }
  }

  /** Waits until the warm-up has ended (all switched, or given up); returns the seconds waited. */
  static double await() {
    everything = true;
    startScheduled();
    long t0 = System.nanoTime();
    try {
      DONE.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Lanes of the Vector implementation once loaded, without waiting: 0 before, 1 for none. */
  static int knownLanes() {
    KernelSupport t = target;
    return t != null ? t.floatLanes() : LOADED.getCount() > 0 ? 0 : 1;
  }

  /**
   * Lanes of the Vector implementation when it is (or will be) used, else 1; starts the warm-up
   * if it is only scheduled, and waits for it to have loaded the Vector code.
   */
  static int targetLanes() {
    startScheduled(); // the lanes are known once the warm-up thread has loaded the Vector code
    try {
      LOADED.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    KernelSupport t = target;
    return t == null ? 1 : t.floatLanes();
  }

  /** "warming", "warm", or the fixed choice, with the families that serve from the twin. */
  static String describe() {
    List<String> cold = new ArrayList<>();
    for (Family f : Family.values()) {
      if (get(f) == TWIN) {
        cold.add(f.id);
      }
    }
    String s = state;
    if (scheduled != null) {
      return "every family on the plain-Java twin for now; the Vector API warm-up starts after"
          + " 2^30 multiply-adds of GEMM work on the twin, or at Kernels.warmUp() or"
          + " Kernels.warmUpInBackground()";
    }
    if (target != null && cold.isEmpty()) {
      return Double.isNaN(switchedAtSeconds) ? "Vector API from the first call"
          : String.format(java.util.Locale.ROOT, "warm: every family on the Vector API"
              + " (switched %.2f s after the kernels were first used)", switchedAtSeconds);
    }
    return cold.size() == Family.values().length || target == null ? s
        : s + "; still on the twin: " + String.join(", ", cold);
  }

  /** True while the warm-up runs. */
  static boolean warming() {
    return DONE.getCount() > 0;
  }

  /** False once the Vector implementation was found unusable (the twin then serves for good). */
  static boolean vectorUsable() {
    return LOADED.getCount() > 0 || target != null;
  }

  static KernelSupport get(Family f) {
    return SLOTS[f.ordinal()].impl;
  }

  private static void set(Family f, KernelSupport impl) {
    SLOTS[f.ordinal()].impl = impl;
  }

  /**
   * Whether round work and probes go to family {@code f} now: GEMM alone until it has switched
   * (it is nearly all of a training step's or a batch's time, and C2, one compiler thread on two
   * cores, then compiles it before anything else); then the families whose kernels have been
   * called; the others only once they are (or once {@link #await} asks for every family).
   * Warming a family costs C2 and a core for a second or more: in the seed's training, warming
   * the four families it never calls after the ones it does slowed its second to fifth epochs.
   */
  private static boolean active(Family f) {
    if (get(f) != TWIN) {
      return false;
    }
    if (get(Family.GEMM) == TWIN) {
      return f == Family.GEMM;
    }
    return SLOTS[f.ordinal()].used || everything;
  }

  private static void idle() {
    try {
      Thread.sleep(IDLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      everything = true; // an interrupted warm-up stops idling: it warms the rest and ends
    }
  }

  private static void warm(KernelSupport loaded) {
    try {
      String noC2 = KernelProvider.c2Issue();
      if (noC2 != null) {
        stay(noC2);
        return;
      }
      KernelSupport panama = loaded != null ? loaded : KernelProvider.loadPanama();
      target = panama;
      LOADED.countDown();
      run(panama);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      stay("the Vector API implementation did not load: " + cause);
    } finally {
      LOADED.countDown();
      DONE.countDown();
    }
  }

  private static void stay(String why) {
    target = null;
    state = "plain-Java twin: " + why;
    LOG.log(Level.WARNING, "vecprop runs its plain-Java kernels because " + why);
  }

  private static void run(KernelSupport panama) {
    KernelWarmup onPanama = new KernelWarmup(panama.floatLanes());
    KernelWarmup onTwin = new KernelWarmup(panama.floatLanes());
    Allocation alloc = Allocation.create();
    int[] passes = new int[Family.values().length];
    int left = Family.values().length;
    boolean[] active = new boolean[Family.values().length];
    long since = System.nanoTime(); // start of the current stretch of warming without a switch
    for (int r = 0; left > 0; r++) {
      if (r % CHECK_EVERY == 0) {
        // Which families to warm, decided for a whole check period (rounds and probes alike).
        boolean any = false;
        for (Family f : Family.values()) {
          active[f.ordinal()] = active(f);
          any |= active[f.ordinal()];
        }
        if (!any) {
          // Every family in use is on the Vector API: wait, off the CPU, for a kernel of another
          // family to be called (or for Kernels.warmUp()).
          state = IDLE;
          idle();
          since = System.nanoTime();
          r--;
          continue;
        }
        state = WARMING;
      }
      for (Family f : Family.values()) {
        if (active[f.ordinal()]) {
          onPanama.round(panama, f, r);
        }
      }
      if (r % CHECK_EVERY != CHECK_EVERY - 1) {
        continue;
      }
      for (Family f : Family.values()) {
        if (!active[f.ordinal()]) {
          continue;
        }
        boolean ok = verified(f, panama, onPanama, onTwin, alloc);
        passes[f.ordinal()] = ok ? passes[f.ordinal()] + 1 : 0;
        if (passes[f.ordinal()] >= 2) {
          set(f, panama);
          left--;
          since = System.nanoTime();
          LOG.log(Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
              "vecprop: %s on the Vector API %.3f s after the kernels were first used", f.id,
              (System.nanoTime() - START) / 1e9));
        }
      }
      if (left > 0 && System.nanoTime() - since > GIVE_UP_NANOS) {
        List<String> cold = new ArrayList<>();
        for (Family f : Family.values()) {
          if (get(f) == TWIN) {
            cold.add(f.id);
          }
        }
        state = "Vector API, but " + String.join(", ", cold) + " never ran allocation-free and"
            + " as fast as the twin in " + GIVE_UP_NANOS / 1_000_000_000L + " s of warm-up; those"
            + " stay on the twin";
        LOG.log(Level.WARNING, "vecprop: " + state);
        return;
      }
    }
    switchedAtSeconds = (System.nanoTime() - START) / 1e9;
    state = null;
  }

  /** One check of a family: allocation-free on the Vector implementation, and not slower. */
  private static boolean verified(Family f, KernelSupport panama, KernelWarmup onPanama,
      KernelWarmup onTwin, Allocation alloc) {
    long bytes = alloc.now();
    onPanama.probe(panama, f);
    if (alloc.now() - bytes > 0) {
      return false;
    }
    long best = Long.MAX_VALUE;
    long bestTwin = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t = System.nanoTime();
      onPanama.probe(panama, f);
      long t1 = System.nanoTime();
      onTwin.probe(TWIN, f);
      long t2 = System.nanoTime();
      best = Math.min(best, t1 - t);
      bestTwin = Math.min(bestTwin, t2 - t1);
    }
    return best <= NOT_SLOWER * bestTwin;
  }

  /** This thread's allocated bytes, where the JVM tells (else time alone decides). */
  private interface Allocation {
    long now();

    static Allocation create() {
      try {
        if (ManagementFactory.getThreadMXBean()
            instanceof com.sun.management.ThreadMXBean bean
            && bean.isThreadAllocatedMemorySupported()) {
          bean.setThreadAllocatedMemoryEnabled(true);
          long id = Thread.currentThread().getId();
          return () -> bean.getThreadAllocatedBytes(id);
        }
      } catch (RuntimeException | LinkageError e) {
        // No java.management in this runtime image.
      }
      return () -> 0L;
    }
  }
}
