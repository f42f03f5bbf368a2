/**
 * The command line: {@code train}, {@code evaluate}, {@code predict}, {@code info} and
 * {@code fetch}, thin over the library's other packages. {@link io.github.vecprop.cli.Main} is the
 * jar's main class; it is not meant to be called from code (it exits the JVM).
 */
package io.github.vecprop.cli;
