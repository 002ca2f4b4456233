/**
 * The organisation: units (đơn vị) as a tree with their mã định danh, and officials (cán bộ) with
 * position and clearance. Every read and change goes through the access policy.
 */
@NullMarked
package vn.truongson.org;

import org.jspecify.annotations.NullMarked;
