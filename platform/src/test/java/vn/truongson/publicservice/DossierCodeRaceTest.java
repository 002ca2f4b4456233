package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;

/**
 * Twelve dossiers filed at once to one unit on one day (issue 20, finding 2: the unit's counter of the day is now
 * held for three statements, the code taken after everything else of the filing): each gets its own code, the
 * sequence numbers are consecutive — no duplicate, no gap — and each answer's code is the one stored and audited.
 */
@PublicServiceTest
class DossierCodeRaceTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    @Test
    void twelve_filings_at_once_get_twelve_consecutive_codes() throws Exception {
        Api api = new Api(port);
        OneStop o = new OneStop(api, jdbc, clock);
        List<Callable<Api.Response>> filings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = OneStop.admissions(OneStop.id());
            filings.add(() -> api.post("/api/v1/dossiers", OneStop.DESK_CNT, body));
        }
        List<String> codes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (var f : pool.invokeAll(filings)) {
                Api.Response r = f.get();
                assertThat(r.status()).as(r.body()).isEqualTo(201);
                String code = r.json().get("code").asString();
                assertThat(code).doesNotStartWith("~");
                assertThat(jdbc.sql("select count(*) from publicservice_dossier where code = ?").param(code).query(Long.class).single()).isEqualTo(1);
                assertThat(jdbc.sql("select count(*) from audit_event where action = 'publicservice.dossier.submit' and target = ?")
                        .param("dossier:" + code).query(Long.class).single()).isEqualTo(1);
                codes.add(code);
            }
        }
        assertThat(codes).doesNotHaveDuplicates();
        // {unit}-{yyMMdd}-{seq}: one unit, one day, consecutive numbers.
        assertThat(codes.stream().map(c -> c.substring(0, c.lastIndexOf('-'))).distinct()).hasSize(1);
        List<Integer> seqs = codes.stream().map(c -> Integer.parseInt(c.substring(c.lastIndexOf('-') + 1))).sorted().toList();
        for (int i = 1; i < seqs.size(); i++) assertThat(seqs.get(i)).as("sequence " + seqs).isEqualTo(seqs.get(i - 1) + 1);
    }
}
