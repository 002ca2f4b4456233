package vn.truongson.demo;

import vn.truongson.core.Vietnam;
import static vn.truongson.demo.DemoActors.as;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.core.DomainException;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.runtime.DemoMode;

/**
 * A few dossiers of fictional applicants, so that a new user finds the one-stop queues and the statistics
 * populated: walk-in and online-transferred dossiers of Cục Nhà trường (sơ tuyển) at each stage — waiting at the
 * desk, received, at the appraisal step — and two vessel dossiers at a border post. Entered through the
 * public-service module as its officers (motcua.*, giaiquyet.*), after the catalogue ({@link DemoPublicService}).
 */
@Component
class DemoDossiers {

    private static final Logger log = LoggerFactory.getLogger(DemoDossiers.class);

    private final Dossiers dossiers;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoDossiers(Dossiers dossiers, Accounts accounts, TransactionTemplate tx, DemoMode demo) {
        this.dossiers = dossiers;
        this.accounts = accounts;
        this.tx = tx;
        this.demo = demo;
    }

    /** Fictional candidates: ID numbers with a Hà Nội / Nam Định / Thanh Hóa prefix, born 2007–2008 (century digit 2/3). */
    private record Candidate(String idNumber, String fullName, LocalDate born, String residence, String phone, String school, String combination,
            int height) {}

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("001208004517", "Nguyễn Đức Mạnh", LocalDate.of(2008, 3, 14), "Phường Cầu Giấy, Hà Nội", "0912000451",
                    "Học viện Kỹ thuật quân sự", "A00", 172),
            new Candidate("036208011284", "Trần Quốc Huy", LocalDate.of(2008, 7, 2), "Xã Hải Hậu, Nam Định", "0983001128",
                    "Trường Sĩ quan Lục quân 1", "A01", 168),
            new Candidate("038308006630", "Lê Thị Thu Trang", LocalDate.of(2008, 11, 20), "Phường Hạc Thành, Thanh Hóa", "0904006630",
                    "Học viện Quân y", "B00", 160),
            new Candidate("001207009921", "Phạm Minh Khôi", LocalDate.of(2007, 1, 9), "Phường Hà Đông, Hà Nội", "0936009921",
                    "Trường Sĩ quan Thông tin", "A00", 175),
            new Candidate("036208002047", "Vũ Thành Đạt", LocalDate.of(2008, 5, 27), "Xã Giao Thủy, Nam Định", "0975002047",
                    "Trường Sĩ quan Không quân", "A01", 170),
            new Candidate("038208013355", "Hoàng Văn Tùng", LocalDate.of(2008, 9, 5), "Xã Quảng Xương, Thanh Hóa", "0868013355",
                    "Học viện Kỹ thuật quân sự", "A00", 166));

    @EventListener(ApplicationStartedEvent.class)
    @Order(3)
    void load() {
        if (!demo.enabled() || dossiers.count() > 0) return;
        AccountPrincipal desk = accounts.principalOf("motcua.cnt").orElse(null);
        AccountPrincipal appraiser = accounts.principalOf("giaiquyet.cnt").orElse(null);
        AccountPrincipal border = accounts.principalOf("motcua.bdbp").orElse(null);
        if (desk == null || appraiser == null || border == null) return;
        try {
            int n = tx.execute(s -> loadAll(desk, appraiser, border));
            log.info("Demo dossiers loaded: {} (fictional applicants)", n);
        } catch (DomainException.BadInput e) {
            throw new IllegalStateException("demo dossiers refused: " + e.errors().stream().map(f -> f.field() + " " + f.messageKey()).toList(), e);
        }
    }

    private int loadAll(AccountPrincipal desk, AccountPrincipal appraiser, AccountPrincipal border) {
        int n = 0;
        for (int i = 0; i < CANDIDATES.size(); i++) {
            Candidate c = CANDIDATES.get(i);
            Map<String, Object> form = Map.of("fullName", c.fullName(), "idNumber", c.idNumber(),
                    "dateOfBirth", "%02d/%02d/%d".formatted(c.born().getDayOfMonth(), c.born().getMonthValue(), c.born().getYear()),
                    "placeOfResidence", c.residence(), "phone", c.phone(), "school", c.school(), "combination", c.combination(),
                    "height", Integer.toString(c.height()));
            var applicant = new Dossier.Applicant(c.idNumber(), c.fullName(), c.born(), c.phone(), null);
            Dossier.Channel channel = i % 2 == 0 ? Dossier.Channel.ONLINE : Dossier.Channel.WALK_IN;
            Dossier d = as(desk, () -> dossiers.fileByOfficer(new Dossiers.NewDossier("BQP-TS-01", applicant, form), channel, List.of()));
            n++;
            if (i >= 4) continue; // the last two wait at the desk
            as(desk, () -> dossiers.receive(d.code(), null));
            if (i >= 3) continue; // received, step 1 at the desk
            as(desk, () -> dossiers.advance(d.code(), "Hồ sơ đủ thành phần, chuyển thẩm định."));
            if (i == 0) as(appraiser, () -> dossiers.advance(d.code(), "Đã khám sơ tuyển: đạt."));
        }
        String[][] vessels = {{"HAI PHONG STAR", "9123456", "NGUYEN VAN AN", "18"}, {"NAM TRIEU 08", "9345812", "TRAN VAN BINH", "12"}};
        for (int i = 0; i < vessels.length; i++) {
            String[] v = vessels[i];
            var applicant = new Dossier.Applicant(i == 0 ? "031090004412" : "031088007205", i == 0 ? "Đỗ Thị Hoa" : "Ngô Văn Lực", null,
                    "09870044" + (12 + i), null);
            Map<String, Object> form = Map.of("vesselName", v[0], "imo", v[1], "flag", "VNM", "master", v[2], "crew", v[3], "passengers", "0",
                    "port", "Cảng Hải Phòng", "eta", LocalDate.now(Vietnam.ZONE).plusDays(2).toString());
            Dossier d = as(border, () -> dossiers.fileByOfficer(new Dossiers.NewDossier("BQP-BP-02", applicant, form), Dossier.Channel.ONLINE, List.of()));
            n++;
            if (i == 0) as(border, () -> dossiers.receive(d.code(), null));
        }
        return n;
    }

}
