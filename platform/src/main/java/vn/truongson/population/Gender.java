package vn.truongson.population;

/** The gender encoded in digit 4 of an ID number: even male, odd female. */
public enum Gender { MALE, FEMALE }
