/**
 * Programme tracking: plans (kế hoạch) of task groups and tasks (nhiệm vụ) with indicators (chỉ tiêu),
 * assigned to units and cascaded down the tree, monthly progress reports with every revision, and the
 * compilation (tổng hợp) of a period over a unit's subtree.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "notify", "paper", "core"})
package vn.truongson.programme;

import org.jspecify.annotations.NullMarked;
