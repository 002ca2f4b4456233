/** Who the document flow tells, and when: listeners on the module's events, after the commit. */
@NullMarked
package vn.truongson.document.notices;

import org.jspecify.annotations.NullMarked;
