package io.github.vecprop.kernel;

/**
 * BLAS-1 (axpy, scale) and the optimizer updates (SGD, Momentum, Nesterov, AdaGrad, RMSprop,
 * Adam), in place on their state and parameter arrays: one room of the {@link Kernels} facade.
 *
 * <p>Conventions, the same-bits guarantee and thread safety are those of {@link Kernels}: shapes
 * and offsets are checked once ({@link IllegalArgumentException} naming the operand), then the
 * call runs on the family's current implementation, the plain-Java twin or the Vector API, with
 * the same bits either way.
 */
public final class UpdateKernels {

  private UpdateKernels() {}

  /**
   * y += alpha·x. x n read, y n read and written. A multiply, then an add (no FMA).
   * @param n elements
   * @param alpha the factor on x
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param y n floats at yOff: read and written
   * @param yOff offset of y[0] in y
   * @throws IllegalArgumentException on a negative n, or x or y null or short
   */
  public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    Kernels.elementwise().axpy(n, alpha, x, xOff, y, yOff);
  }

  /**
   * x *= alpha. x n read and written.
   * @param n elements
   * @param alpha the factor
   * @param x n floats at xOff: read and written
   * @param xOff offset of x[0] in x
   * @throws IllegalArgumentException on a negative n, or x null or short
   */
  public static void scale(int n, float alpha, float[] x, int xOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Kernels.elementwise().scale(n, alpha, x, xOff);
  }

  /**
   * Plain SGD: p −= lr·g. g n read, p n read and written. Runs as {@link #axpy} with −lr.
   * @param n elements
   * @param lr the learning rate
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException when n is negative, g or p is null or too short for its
   *     offset, or p is the same array as g (the message names g or p)
   */
  public static void sgdUpdate(int n, float lr, float[] g, int gOff, float[] p, int pOff) {
    Checks.count(n);
    Checks.range("g", g, gOff, n);
    Checks.range("p", p, pOff, n);
    Checks.distinct("p", p, "g", g);
    Kernels.elementwise().axpy(n, -lr, g, gOff, p, pOff);
  }

  /**
   * Momentum: v = mu·v − lr·g; p += v. g read; v, p read and written.
   * @param n elements
   * @param lr the learning rate
   * @param mu the momentum
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param v the velocity, n floats at vOff: read and written
   * @param vOff offset of v[0] in v
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException on a negative n, an array null or short, g, v, p not distinct
   */
  public static void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v,
      int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, v, vOff, "v", p, pOff);
    Kernels.optimizers().momentumUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  /**
   * Nesterov, the book's form: v = mu·v − lr·g; p += mu²·v − (1+mu)·lr·g.
   * @param n elements
   * @param lr the learning rate
   * @param mu the momentum
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param v the velocity, n floats at vOff: read and written
   * @param vOff offset of v[0] in v
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException on a negative n, an array null or short, g, v, p not distinct
   */
  public static void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v,
      int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, v, vOff, "v", p, pOff);
    Kernels.optimizers().nesterovUpdate(n, lr, mu, g, gOff, v, vOff, p, pOff);
  }

  /**
   * AdaGrad: h += g²; p −= lr·g / (√h + eps). g read; h, p read and written.
   * @param n elements
   * @param lr the learning rate
   * @param eps the term added to √h
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param h the sum of squared gradients, n floats at hOff: read and written
   * @param hOff offset of h[0] in h
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException on a negative n, an array null or short, g, h, p not distinct
   */
  public static void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, h, hOff, "h", p, pOff);
    Kernels.optimizers().adaGradUpdate(n, lr, eps, g, gOff, h, hOff, p, pOff);
  }

  /**
   * RMSprop: h = ρ·h + (1−ρ)·g²; p −= lr·g / (√h + eps). g read; h, p read and written.
   * @param n elements
   * @param lr the learning rate
   * @param rho ρ, the decay of h
   * @param eps the term added to √h
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param h the mean of squared gradients, n floats at hOff: read and written
   * @param hOff offset of h[0] in h
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException on a negative n, an array null or short, g, h, p not distinct
   */
  public static void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff,
      float[] h, int hOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, h, hOff, "h", p, pOff);
    Kernels.optimizers().rmsPropUpdate(n, lr, rho, eps, g, gOff, h, hOff, p, pOff);
  }

  /**
   * Adam, the book's form, bias correction folded into lrT = lr·√(1−β2ᵗ)/(1−β1ᵗ): m += (1−β1)(g−m);
   * v += (1−β2)(g²−v); p −= lrT·m/(√v + eps). g read; m, v, p read and written.
   * @param n elements
   * @param lrT the learning rate of step t with the bias correction folded in (above)
   * @param beta1 β1, the decay of m
   * @param beta2 β2, the decay of v
   * @param eps the term added to √v
   * @param g the gradient, n floats at gOff: read
   * @param gOff offset of g[0] in g
   * @param m the first moment, n floats at mOff: read and written
   * @param mOff offset of m[0] in m
   * @param v the second moment, n floats at vOff: read and written
   * @param vOff offset of v[0] in v
   * @param p the parameters, n floats at pOff: read and written
   * @param pOff offset of p[0] in p
   * @throws IllegalArgumentException on n &lt; 0, an array null or short, g, m, v, p not distinct
   */
  public static void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    Checks.state3(n, g, gOff, m, mOff, "m", p, pOff);
    Checks.range("v", v, vOff, n);
    Checks.distinct("v", v, "g", g);
    Checks.distinct("v", v, "m", m);
    Checks.distinct("v", v, "p", p);
    Kernels.optimizers().adamUpdate(n, lrT, beta1, beta2, eps, g, gOff, m, mOff, v, vOff, p, pOff);
  }
}
