package dev.phiguard.sampledata;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import net.datafaker.Faker;

/**
 * Pools of realistic names, streets, cities and mail domains, drawn once from datafaker with a seeded
 * {@link Random}. Rows then pick from these pools with a cheap per-row random stream: calling datafaker per row is
 * far too slow for millions of rows.
 *
 * @param firstNames  distinct given names
 * @param lastNames   distinct family names
 * @param streetNames distinct street names without house number
 * @param cities      distinct city names
 * @param mailDomains distinct e-mail domains
 */
record NamePools(
        List<String> firstNames,
        List<String> lastNames,
        List<String> streetNames,
        List<String> cities,
        List<String> mailDomains) {

    static final int FIRST_NAMES = 1_000;
    static final int LAST_NAMES = 1_000;
    static final int STREET_NAMES = 1_000;
    static final int CITIES = 500;
    static final int MAIL_DOMAINS = 60;

    /** Common free-mail providers, mixed in with the generated domains. */
    private static final List<String> FREE_MAIL = List.of(
            "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com");

    /** Builds the pools deterministically from {@code seed}; identical seeds give identical pools. */
    static NamePools fromSeed(long seed) {
        Faker faker = new Faker(Locale.US, new Random(seed));
        return new NamePools(
                distinct(FIRST_NAMES, () -> faker.name().firstName()),
                distinct(LAST_NAMES, () -> faker.name().lastName()),
                distinct(STREET_NAMES, () -> faker.address().streetName()),
                distinct(CITIES, () -> faker.address().cityName()),
                mailDomains(faker));
    }

    private static List<String> mailDomains(Faker faker) {
        Set<String> domains = new LinkedHashSet<>(FREE_MAIL);
        collect(domains, MAIL_DOMAINS, () -> faker.internet().domainName().toLowerCase(Locale.ROOT));
        return List.copyOf(domains);
    }

    private static List<String> distinct(int wanted, Supplier<String> source) {
        Set<String> values = new LinkedHashSet<>();
        collect(values, wanted, source);
        return List.copyOf(values);
    }

    /** Draws until {@code wanted} distinct values are collected, or gives up after a bounded number of draws. */
    private static void collect(Set<String> values, int wanted, Supplier<String> source) {
        int attempts = wanted * 50;
        while (values.size() < wanted && attempts-- > 0) {
            String value = source.get().strip();
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("datafaker produced no values for a name pool");
        }
    }
}
