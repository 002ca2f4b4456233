/**
 * Training (đào tạo, tập huấn; issue 17 D, second half): courses by topic, classes organised by a unit with their
 * participants, attendance and results, certificates (giấy chứng nhận) in the Decree 30 layout sealed by the organising
 * unit, each official's training record, and coverage per unit (the share of a unit's active officials trained in each
 * topic in a year), which secops' adoption page shows next to the adoption figures. docs/training.md.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "paper", "signing", "core"}, displayName = "Training")
package vn.truongson.training;

import org.jspecify.annotations.NullMarked;
