/** The public-service API, the citizens' portal and the one-stop back-office screens. */
@NullMarked
package vn.truongson.publicservice.web;

import org.jspecify.annotations.NullMarked;
