package vn.truongson.crossing;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings {@code truongson.node.role} and {@code truongson.gateway.url}/{@code token} (passed by {@code ./truongson run --split}).
 *
 * @param role {@code single} (one node, everything; the default), {@code low} (internet side: portal, no office, no classified
 *             data) or {@code high} (military network side)
 * @param gatewayUrl the gateway listener of this node's side
 * @param gatewayToken the bearer token this side presents to the gateway
 */
@ConfigurationProperties("truongson")
public record NodeProperties(@DefaultValue Node node, @DefaultValue Gateway gateway) {

    public enum Role { SINGLE, LOW, HIGH }

    public record Node(@DefaultValue("single") Role role) {}

    public record Gateway(@Nullable String url, @Nullable String token) {}

    public Role role() {
        return node.role();
    }

    public NodeProperties {
        if (node.role() != Role.SINGLE && (gateway.url() == null || gateway.url().isBlank())) {
            throw new IllegalArgumentException("truongson.gateway.url is required when truongson.node.role is " + node.role().name().toLowerCase());
        }
    }
}
