/** The datasets module's API and screens. */
@NullMarked
package vn.truongson.datasets.web;

import org.jspecify.annotations.NullMarked;
