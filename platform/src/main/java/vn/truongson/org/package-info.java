/**
 * The organisation: units (đơn vị) as a tree with their mã định danh, and officials (cán bộ) with
 * position and clearance. Every read and change goes through the access policy.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "notify", "core"})
package vn.truongson.org;

import org.jspecify.annotations.NullMarked;
