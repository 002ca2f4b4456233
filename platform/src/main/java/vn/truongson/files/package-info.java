/**
 * Stored files: a content-addressed store (each file named by its SHA-256, so one content is kept once and
 * cannot change under its name), accepting only the types a ministry office exchanges, checked by content.
 * Shared by the modules that take uploads (programme evidence; later documents and dossiers), which keep their
 * own rows saying whose file it is and under which name.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core", "runtime"})
package vn.truongson.files;

import org.jspecify.annotations.NullMarked;
