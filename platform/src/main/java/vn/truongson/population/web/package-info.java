/** The population API of API.md "Population data (Đề án 06)". */
@NullMarked
package vn.truongson.population.web;

import org.jspecify.annotations.NullMarked;
