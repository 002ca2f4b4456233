package vn.truongson.population;

/** How far a bulk list check has got: rows done of the list's rows. Called from the checking thread. */
@FunctionalInterface
public interface BulkProgress {

    BulkProgress NONE = (done, total) -> {};

    void update(int done, int total);
}
