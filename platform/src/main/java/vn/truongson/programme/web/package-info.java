/** The programme's JSON API under /api/v1 (plans, tasks, assignments, reports, compilation). */
@NullMarked
package vn.truongson.programme.web;

import org.jspecify.annotations.NullMarked;
