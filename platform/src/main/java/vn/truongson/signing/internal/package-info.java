/** The signing module's internals: tokens, the CA, the TSA, DSS signing and validation, appearances. */
@NullMarked
package vn.truongson.signing.internal;

import org.jspecify.annotations.NullMarked;
