/**
 * Demo mode: the fictional organisation, officials and accounts loaded the first time the embedded
 * platform starts. Never active in production ({@code truongson.demo.enabled=false}).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"org", "access", "audit", "runtime", "programme", "document", "document :: edxml", "signing", "publicservice", "datasets", "exchange", "secops", "training", "calendar", "paper", "archive", "core"})
package vn.truongson.demo;

import org.jspecify.annotations.NullMarked;
