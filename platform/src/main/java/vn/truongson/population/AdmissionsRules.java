package vn.truongson.population;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Age limits for military-school admissions, counted as the admissions year minus the year of birth, and
 * the largest list accepted. Configurable because the Ministry's yearly admissions guidance sets them
 * (17–21 for civilian candidates is the usual rule; to be confirmed against that year's guidance).
 */
@ConfigurationProperties("truongson.population.admissions")
public record AdmissionsRules(@DefaultValue("17") int minAge, @DefaultValue("21") int maxAge, @DefaultValue("10000") int maxRows) {}
