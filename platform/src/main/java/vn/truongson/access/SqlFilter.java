package vn.truongson.access;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A WHERE condition with its named parameters, to AND into a list query. */
public record SqlFilter(String sql, Map<String, Object> params) {

    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
        params.forEach(spec::param);
        return spec;
    }
}
