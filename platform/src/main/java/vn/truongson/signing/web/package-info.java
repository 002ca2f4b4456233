/** The signing module's HTTP side: {@code /api/v1/pki/**}, {@code /api/v1/signatures/validate} and the screens. */
@NullMarked
package vn.truongson.signing.web;

import org.jspecify.annotations.NullMarked;
