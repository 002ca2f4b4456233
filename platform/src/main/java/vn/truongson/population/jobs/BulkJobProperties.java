package vn.truongson.population.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Background bulk checks ({@code truongson.population.bulk.*}, docs/configuration.md).
 *
 * @param threads lists checked at once on one node
 * @param staleAfter a running job whose node has not reported for this long is taken over by another
 * @param sweepEvery how often the cluster looks for jobs to take over, and for old ones to delete
 * @param keepFor finished jobs (and their workbooks) are deleted after this
 */
@ConfigurationProperties("truongson.population.bulk")
record BulkJobProperties(@DefaultValue("2") int threads, @DefaultValue("5m") Duration staleAfter, @DefaultValue("1m") Duration sweepEvery,
        @DefaultValue("7d") Duration keepFor) {}
