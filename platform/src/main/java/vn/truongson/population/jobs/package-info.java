/**
 * Bulk list checks (admissions, border) as background jobs: queued in {@code population_bulk_job}, run on
 * a small pool of this node (and taken over by a sweep on the cluster scheduler when a node dies), as the
 * official who submitted them; progress for the screen, the checked workbook kept to download later, only
 * by its owner.
 */
@NullMarked
package vn.truongson.population.jobs;

import org.jspecify.annotations.NullMarked;
