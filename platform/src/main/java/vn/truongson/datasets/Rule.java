package vn.truongson.datasets;

/** A validation rule between fields ({@code deployed <= needed}) and the message shown when it is broken. */
public record Rule(String expression, String message) {}
