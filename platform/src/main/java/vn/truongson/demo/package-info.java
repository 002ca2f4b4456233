/**
 * Demo mode: the fictional organisation, officials and accounts loaded the first time the embedded
 * platform starts. Never active in production ({@code truongson.demo.enabled=false}).
 */
@NullMarked
package vn.truongson.demo;

import org.jspecify.annotations.NullMarked;
