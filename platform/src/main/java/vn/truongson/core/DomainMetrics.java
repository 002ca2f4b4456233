package vn.truongson.core;

import io.micrometer.core.instrument.Metrics;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The platform's own counters, exported under {@code truongson_} at /actuator/prometheus (docs/operations.md,
 * "Metrics"). A module counts at its verb with {@link #countAfterCommit}: the count moves only when the transaction
 * that did the work commits, so a refused or rolled-back action is never counted. Counters go to Micrometer's global
 * registry, to which Spring Boot binds its registries; {@code web.MetricsConfiguration} registers each one with its
 * description at start-up, so every counter is exported (at 0) before its first event.
 */
public final class DomainMetrics {

    /** A counter: its Micrometer name (Prometheus adds {@code _total}) and its HELP text. */
    public enum Counter {
        REPORTS_SUBMITTED("truongson.reports.submitted", "Monthly reports submitted or revised (programme), counted at commit"),
        DOCUMENTS_ISSUED("truongson.documents.issued", "Official documents issued with a number and the agency's signature, counted at commit"),
        DOSSIERS_RECEIVED("truongson.dossiers.received", "Public-service dossiers received at the one-stop desk (Mẫu 01), counted at commit"),
        DOSSIERS_RETURNED("truongson.dossiers.returned", "Public-service dossiers whose result was returned to the applicant, counted at commit"),
        SIGNIN_FAILURES("truongson.signin.failures", "Failed sign-ins of officials (unknown user, wrong password or code, locked account)");

        public final String meterName;
        public final String description;

        Counter(String meterName, String description) {
            this.meterName = meterName;
            this.description = description;
        }
    }

    private DomainMetrics() {}

    /** Adds one to the counter when the current transaction commits (at once when there is none). */
    public static void countAfterCommit(Counter counter) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count(counter);
                }
            });
        } else {
            count(counter);
        }
    }

    /** Adds one to the counter now, whatever becomes of the transaction (for failures recorded separately). */
    public static void count(Counter counter) {
        Metrics.counter(counter.meterName).increment();
    }
}
