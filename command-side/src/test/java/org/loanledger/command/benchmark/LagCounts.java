package org.loanledger.command.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query side's per-event lag counts at one moment ({@code lagHistogram} of each projection in
 * {@code GET /api/admin/projections}): read before and after a window, their difference is the lag of every event
 * each projection wrote in between.
 *
 * @param upperBoundsMillis the buckets' upper bounds, inclusive; one more count holds everything above the last
 * @param countsByProjection each projection's counts, in listing order
 */
record LagCounts(List<Long> upperBoundsMillis, Map<String, long[]> countsByProjection) {

    static LagCounts of(JsonNode listing) {
        List<Long> bounds = null;
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (JsonNode projection : listing.get("projections")) {
            JsonNode histogram = projection.get("lagHistogram");
            List<Long> own = new ArrayList<>();
            histogram.get("upperBoundsMillis").forEach(bound -> own.add(bound.asLong()));
            if (bounds != null && !bounds.equals(own)) {
                throw new IllegalStateException("projections report different lag buckets: " + bounds + ", " + own);
            }
            bounds = own;
            long[] values = new long[own.size() + 1];
            JsonNode countNodes = histogram.get("counts");
            if (countNodes.size() != values.length) {
                throw new IllegalStateException(projection.get("name").asText() + " reports " + countNodes.size()
                        + " counts for " + own.size() + " bounds");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = countNodes.get(i).asLong();
            }
            counts.put(projection.get("name").asText(), values);
        }
        return new LagCounts(bounds == null ? List.of() : bounds, counts);
    }

    /** How many events the projection counted since {@code earlier}. */
    long eventsSince(LagCounts earlier, String projection) {
        return Arrays.stream(since(earlier, projection)).sum();
    }

    /**
     * The lag of the projection's events since {@code earlier} at percentile {@code p} (0 to 1), in ms: the upper
     * bound of the bucket it falls in, so at least the true value; infinite beyond the last bound; null when the
     * projection counted no event in between.
     */
    Double percentileSince(LagCounts earlier, String projection, double p) {
        long[] counts = since(earlier, projection);
        long events = Arrays.stream(counts).sum();
        if (events == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p * events));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < upperBoundsMillis.size() ? (double) upperBoundsMillis.get(i) : Double.POSITIVE_INFINITY;
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " of " + events);
    }

    private long[] since(LagCounts earlier, String projection) {
        long[] now = countsByProjection.get(projection);
        if (now == null) {
            throw new IllegalArgumentException("no lag counts for " + projection);
        }
        long[] before = earlier.countsByProjection.getOrDefault(projection, new long[now.length]);
        long[] difference = new long[now.length];
        for (int i = 0; i < now.length; i++) {
            difference[i] = now[i] - before[i];
            if (difference[i] < 0) {
                throw new IllegalStateException(projection + "'s lag counts went down: the query side restarted");
            }
        }
        return difference;
    }
}
