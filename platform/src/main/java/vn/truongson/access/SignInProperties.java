package vn.truongson.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits on sign-in ({@code truongson.access.sign-in.*}), against floods and guessing (docs/security.md, Sign-in).
 *
 * @param perSourcePerMinute sign-in attempts one source address may make per minute (a bucket of this size,
 *        refilled at this rate); more answer 429 with Retry-After
 * @param perUsernamePerMinute sign-in attempts on one username per minute, from all sources together
 * @param hashingConcurrency sign-ins checked at once on a node (each: its password hash, Argon2id with 16 MiB, and a few
 *        queries on one connection at a time); 0: the number of cores less one (at least 1). A flood thus holds at most this many pool
 *        connections, plus the one that writes the refusals' audit rows.
 * @param hashingWait how long a sign-in waits for a free check before it answers 503 with Retry-After
 * @param maxLockout the longest a (username, source) pair stays locked as its lockouts double
 * @param trackedKeys how many source addresses and usernames the rate limiter remembers per node (least recently
 *        used forgotten first), so a flood of made-up names cannot fill the memory
 */
@ConfigurationProperties("truongson.access.sign-in")
public record SignInProperties(Integer perSourcePerMinute, Integer perUsernamePerMinute, Integer hashingConcurrency,
        Duration hashingWait, Duration maxLockout, Integer trackedKeys) {

    public SignInProperties {
        if (perSourcePerMinute == null) perSourcePerMinute = 60;
        if (perUsernamePerMinute == null) perUsernamePerMinute = 20;
        // One core is left to everyone else: the signed-in keep being served while sign-ins are flooded.
        if (hashingConcurrency == null || hashingConcurrency <= 0) hashingConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        if (hashingWait == null) hashingWait = Duration.ofSeconds(1);
        if (maxLockout == null) maxLockout = Duration.ofHours(24);
        if (trackedKeys == null) trackedKeys = 100_000;
    }

    public static SignInProperties defaults() {
        return new SignInProperties(null, null, null, null, null, null);
    }
}
