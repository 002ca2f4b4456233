package vn.truongson.runtime;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Whether demo data and the documented demo credentials are in use. Default: on with the embedded
 * database, off with an external one; {@code truongson.demo.enabled} decides explicitly. The {@code prod}
 * profile refuses to start with demo mode on.
 */
@Component
public class DemoMode {

    private final boolean enabled;

    DemoMode(Environment env, RuntimeProperties props) {
        String explicit = env.getProperty("truongson.demo.enabled", "");
        this.enabled = explicit.isBlank() ? !props.db().external() : Boolean.parseBoolean(explicit);
        if (enabled && env.acceptsProfiles(Profiles.of("prod"))) {
            throw new IllegalStateException("Demo mode must not run in the production profile (truongson.demo.enabled=false)");
        }
    }

    public boolean enabled() {
        return enabled;
    }
}
