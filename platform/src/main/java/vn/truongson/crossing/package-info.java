/**
 * The platform's side of the secure inter-network gateway (issue 15, docs/gateway.md): which node this is
 * ({@code truongson.node.role}: {@code single}, the default and today's behaviour, {@code low} or {@code high}), the low
 * node's outbox (citizens' dossier filings delivered to the gateway with their message id, retried until acknowledged,
 * on the cluster scheduler) and the high node's claimer (messages claimed from the gateway, imported into the one-stop
 * back office, acknowledged). On a low node the office and the classified APIs answer 404.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"publicservice", "document", "document :: edxml", "access", "audit", "core", "runtime"})
package vn.truongson.crossing;

import org.jspecify.annotations.NullMarked;
