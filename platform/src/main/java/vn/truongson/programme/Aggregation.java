package vn.truongson.programme;

/** How an indicator's values from several units add up to one figure. */
public enum Aggregation { SUM, AVERAGE, MIN, MAX }
