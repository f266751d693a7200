package dev.phiguard.sampledata;

import java.time.Duration;

/**
 * What {@link SampleLoader#load} did.
 *
 * @param patients   rows copied into {@code patients}
 * @param encounters rows copied into {@code encounters}
 * @param elapsed    wall-clock time including indexes, constraints and ANALYZE
 */
public record LoadResult(long patients, long encounters, Duration elapsed) {
}
