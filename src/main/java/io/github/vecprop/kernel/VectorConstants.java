package io.github.vecprop.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species of the Vector API kernels, in one place. Static finals, so C2 folds them; never
 * passed as parameters or kept with vectors in fields (either makes the JIT box the vectors).
 * Loaded only after {@link KernelProvider} has found the incubator module.
 */
final class VectorConstants {
  private VectorConstants() {}

  /** The preferred float species: 512 bits with AVX-512, 256 with AVX2 or -XX:MaxVectorSize=32. */
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Float lanes per vector: 16 or 8. */
  static final int LANES = FLOATS.length();

  /** Bytes with as many lanes as {@link #FLOATS}, for the pixel conversion. */
  static final VectorSpecies<Byte> BYTES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, FLOATS.vectorBitSize() / 4)));

  /** Ints with as many lanes as {@link #FLOATS}. */
  static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

  /** Width of the wide GEMM panel: {@link GemmParams#NR_VECTORS} vectors. */
  static final int PANEL = GemmParams.NR_VECTORS * LANES;

  /**
   * Whether GEMM's 8-row × 3-vector register tile runs as two 4-row halves: on a CPU with 16
   * vector registers (AVX2 without AVX-512) its 24 accumulators + 3 B vectors + 1 broadcast spill
   * to the stack on every K step; a half needs 12 + 3 + 1 = 16. Same bits either way (each C
   * element is still one FMA chain along k); see {@link PanamaGemmTiles16}.
   */
  static final boolean SPLIT_TILES = KernelProvider.vectorRegisters(LANES) < 32;

  /**
   * Null when these species suit the kernels; otherwise why not. The kernels need 256 or 512 bits
   * (8 or 16 lanes: the 32 partial sums of {@link ScalarMath#orderedSum} are whole vectors) and
   * byte and int species with as many lanes.
   */
  static String unsuitable() {
    int bits = FLOATS.vectorBitSize();
    if (bits != 256 && bits != 512) {
      return "the preferred float vector is " + bits + " bits; vecprop's Vector API kernels need"
          + " 256 or 512";
    }
    if (BYTES.length() != LANES || INTS.length() != LANES) {
      return "byte or int vectors do not have " + LANES + " lanes";
    }
    return null;
  }
}
