package vn.truongson.publicservice;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import vn.truongson.access.Accounts;
import vn.truongson.access.OfficialDirectory;

/**
 * Who acted on a dossier, as people read it: the timeline stores "official:&lt;username&gt;" (or "citizen:&lt;ID&gt;"); the
 * control slip (Mẫu 05) and the dossier page show the official's full name ("Đại úy Nguyễn Văn Hùng" reads as the
 * person, "motcua.cnt" does not). Unknown accounts fall back to the username.
 */
@Component
public class OfficerNames {

    private final Accounts accounts;
    private final OfficialDirectory directory;

    OfficerNames(Accounts accounts, OfficialDirectory directory) {
        this.accounts = accounts;
        this.directory = directory;
    }

    /** The full name behind an actor of the timeline; "" for none; the part after "official:" when no account matches. */
    public String of(@Nullable String actor) {
        if (actor == null || actor.isBlank()) return "";
        int i = actor.indexOf(':');
        String kind = i < 0 ? "official" : actor.substring(0, i);
        String who = i < 0 ? actor : actor.substring(i + 1);
        if (!kind.equals("official")) return who;
        // Looked up each time (a dossier names a handful of officers): a renamed official shows under his new name.
        return accounts.principalOf(who).flatMap(p -> directory.profile(p.officialId())).map(OfficialDirectory.Profile::fullName).orElse(who);
    }
}
