package io.github.vecprop.nn;

/**
 * A user's own layer, written only against the public {@link Layer} interface: y = s·x with one
 * trainable scalar s (a 1×1 {@link Parameter}). Backward: ds = Σ dout·x (summed in double),
 * dx = s·dout. {@link #dsFactor} lets a test break ds on purpose (1 for the correct layer).
 */
class Scale implements Layer {
  private final String name;
  private final int size;
  private final Parameter s;
  private final float dsFactor;
  private float[] x;
  private int batch;
  private float[] y = new float[0];
  private float[] dx = new float[0];

  Scale(String name, String param, int size, float s0, float dsFactor) {
    this.name = name;
    this.size = size;
    this.s = new Parameter(param, 1, 1);
    this.s.value()[0] = s0;
    this.dsFactor = dsFactor;
  }

  Scale(String name, String param, int size, float s0) {
    this(name, param, size, s0, 1f);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public int outputSize() {
    return size;
  }

  @Override
  public float[] forward(float[] x, int batch) {
    if (batch <= 0 || x == null || x.length < batch * size) {
      throw new IllegalArgumentException(name + ": bad x or batch " + batch);
    }
    int n = batch * size;
    if (y.length < n) {
      y = new float[n];
      dx = new float[n];
    }
    this.x = x;
    this.batch = batch;
    float v = s.value()[0];
    for (int i = 0; i < n; i++) {
      y[i] = v * x[i];
    }
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    if (batch == 0) {
      throw new IllegalStateException(name + ": backward before forward");
    }
    int n = batch * size;
    double ds = 0;
    float v = s.value()[0];
    for (int i = 0; i < n; i++) {
      ds += (double) dout[i] * x[i];
      dx[i] = v * dout[i];
    }
    s.grad()[0] = (float) (dsFactor * ds);
    return dx;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[] {s};
  }

  @Override
  public String toString() {
    return name + "(" + size + ")";
  }
}
