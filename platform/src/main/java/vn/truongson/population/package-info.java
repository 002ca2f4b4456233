/**
 * Population data (Đề án 06, Decision 06/QĐ-TTg): the structure of the personal identification number
 * (số định danh cá nhân), and the connector that verifies a citizen against the national population
 * registry, each lookup with its stated purpose (mục đích khai thác) in the audit trail.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "core"})
package vn.truongson.population;

import org.jspecify.annotations.NullMarked;
