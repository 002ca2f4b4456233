/** The datasets module's internals: the rule expressions' parser. */
@NullMarked
package vn.truongson.datasets.internal;

import org.jspecify.annotations.NullMarked;
