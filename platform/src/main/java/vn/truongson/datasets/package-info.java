/**
 * Data collection rolled up the unit tree (issue 18): data sets of typed fields and validation rules, defined by a
 * data coordinator, published, assigned to units per period, submitted by each unit's reporters with every revision
 * kept, and rolled up over any subtree in one SQL aggregate, through the access policy. docs/datasets.md.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "notify", "paper", "core"})
package vn.truongson.datasets;

import org.jspecify.annotations.NullMarked;
