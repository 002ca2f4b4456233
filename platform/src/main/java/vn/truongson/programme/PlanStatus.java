package vn.truongson.programme;

/** A plan is drafted (dự thảo), then issued (ban hành); issuing freezes its tasks. */
public enum PlanStatus { DRAFT, ISSUED }
