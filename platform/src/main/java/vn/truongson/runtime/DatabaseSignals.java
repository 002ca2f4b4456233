package vn.truongson.runtime;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's LISTEN/NOTIFY for the platform's caches: a trigger (or a statement) does {@code pg_notify(channel, …)},
 * and at its commit every node's listener hears it and tells who listens here. One connection of its own per node,
 * outside the pool, so it never takes a request's connection.
 *
 * <p>Notifications are lost while the connection is down, so a listener is also told whenever the connection is lost
 * and again when it is back ({@link #live()} is false in between): a cache forgets everything then and caches nothing
 * while not live — it answers from the database, as it would without a cache.
 */
@Component
public class DatabaseSignals implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseSignals.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private volatile boolean live;
    private volatile boolean running;
    private volatile Thread thread;

    DatabaseSignals(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Calls {@code onChange} after each committed notification on {@code channel}, and whenever signals may have been missed. */
    public void listen(String channel, Runnable onChange) {
        if (!CHANNEL.matcher(channel).matches()) throw new IllegalArgumentException("channel " + channel);
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onChange);
    }

    /** True while notifications are being received: what a cache holds is then forgotten at the next change. */
    public boolean live() {
        return live;
    }

    @Override
    public void start() {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            log.info("Database signals off: the data source is not the platform's pool, so caches that need them stay off");
            return;
        }
        running = true;
        Thread t = new Thread(() -> loop(hikari), "db-signals");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        setLive(false);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the pool and the embedded database close, and starts early. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private void loop(HikariDataSource hikari) {
        while (running) {
            try (Connection c = connect(hikari)) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    for (String channel : listeners.keySet()) s.execute("LISTEN " + channel);
                }
                setLive(true);
                long lastCheck = System.nanoTime();
                while (running) {
                    PGNotification[] got = pg.getNotifications(500);
                    if (got != null) {
                        for (PGNotification n : got) fire(n.getName());
                    }
                    if (System.nanoTime() - lastCheck > 5_000_000_000L) {
                        // A link cut without a reset would wait for ever: ask something, bounded by the socket timeout.
                        try (Statement s = c.createStatement()) {
                            s.execute("select 1");
                        }
                        lastCheck = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                if (running) log.debug("Database signals: connection lost ({}); retrying", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Database signals: a listener failed", e);
            } finally {
                setLive(false);
            }
            if (!running) return;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Connection connect(HikariDataSource hikari) throws SQLException {
        Properties p = new Properties();
        if (hikari.getDataSourceProperties() != null) p.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) p.setProperty("user", hikari.getUsername());
        if (hikari.getPassword() != null) p.setProperty("password", hikari.getPassword());
        p.setProperty("socketTimeout", "10");
        p.setProperty("connectTimeout", "5");
        p.setProperty("ApplicationName", "truongson-signals");
        Connection c = DriverManager.getConnection(hikari.getJdbcUrl(), p);
        c.setAutoCommit(true);
        return c;
    }

    private void setLive(boolean now) {
        boolean was = live;
        live = now;
        // Whatever was heard before, it may have missed something since: everyone forgets.
        if (was != now) listeners.values().forEach(list -> list.forEach(DatabaseSignals::safely));
    }

    private void fire(String channel) {
        List<Runnable> l = listeners.get(channel);
        if (l != null) l.forEach(DatabaseSignals::safely);
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Database signals: a listener failed", e);
        }
    }
}
