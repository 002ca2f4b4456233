/**
 * Citizens' sign-in through the e-identity provider (OpenID Connect, authorization code with PKCE), the
 * citizen's session (kept apart from officials' sessions) and {@link vn.truongson.population.Citizens}.
 */
@NullMarked
package vn.truongson.population.citizen;

import org.jspecify.annotations.NullMarked;
