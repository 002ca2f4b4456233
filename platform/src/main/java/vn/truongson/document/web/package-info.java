/** The document module's JSON API (/api/v1/documents) and its screens (/office/documents). */
@NullMarked
package vn.truongson.document.web;

import org.jspecify.annotations.NullMarked;
