/**
 * The numeric kernels under the network: flat row-major {@code float[]} with offsets, in and out.
 * GEMM in three forms (A·B, Aᵀ·B, A·Bᵀ, each optionally accumulating into C), the activations and
 * their gradients (ReLU, sigmoid), row-wise softmax, the cross-entropy loss and its fused
 * gradient, argmax, reductions (column sums, sums), BLAS-1 (axpy, scale), the optimizer updates
 * (SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam) and the byte-pixel conversion to [0, 1].
 *
 * <p>Start from {@link io.github.vecprop.kernel.Kernels}, the package's only public class: static
 * methods that check their shapes, offsets, nulls and aliasing, throw
 * {@link java.lang.IllegalArgumentException} naming the operand at fault, and never allocate
 * (callers do). Its javadoc gives each method's shapes and which arrays are read or written.
 *
 * <p><b>One arithmetic.</b> There are two implementations, a plain-Java twin and one on the
 * incubator Vector API, and they give the same bits for every input: at 256 and 512 bits, at any
 * offset, batch size and thread count, in every JIT tier. Each kernel fixes the order of its
 * floating-point operations and both follow it: a GEMM element is one fused multiply-add chain
 * along k in increasing k; sums over a row or vector use 32 partial sums, a logical constant, not
 * the lane count; e^x is vecprop's own FMA polynomial, never {@code Math.exp}; logs are
 * {@code StrictMath.log} in double; element-wise kernels apply their formula as written.
 *
 * <p><b>Tiering.</b> The implementation is picked at first use: the Vector API when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} on HotSpot with C2 and vectors of at least 256
 * bits, else the twin ({@code -Dvecprop.simd=auto|on|off}: {@code on} fails when the Vector API
 * cannot be used, {@code off} always takes the twin). With {@code -Dvecprop.warmup=auto}, the
 * default, the twin serves every kernel family until a daemon warm-up, started once the twin has
 * done about 0.15 s of GEMM work or at {@link io.github.vecprop.kernel.Kernels#warmUp()}, has the
 * Vector code compiled and verified allocation-free and no slower, family by family; with
 * {@code off} the Vector code serves from the first call. The switch changes no bit of any result.
 *
 * <p>Only this package touches {@code jdk.incubator.vector}, and only in classes loaded once the
 * Vector API is chosen: no public type comes from the module, code outside this package never
 * needs it, and without it the library runs on the twin.
 */
package io.github.vecprop.kernel;
