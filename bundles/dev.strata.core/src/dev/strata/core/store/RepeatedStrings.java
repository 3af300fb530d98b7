package dev.strata.core.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.strata.core.ExternalRef;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;

/**
 * Finds the strings a batch of records repeats, the dictionary {@link RecordCodec#withDictionary}
 * writes once before the batch: counted by walking the records as {@link RecordCodec#writeRecord}
 * does, without encoding them.
 */
final class RepeatedStrings {

    private RepeatedStrings() {
    }

    static List<String> in(List<Record> records) {
        // A counter array per distinct string: no boxed Integer per occurrence.
        Map<String, int[]> counts = new LinkedHashMap<>();
        BiConsumer<String, Object> value = (k, v) -> {
            count(counts, k);
            countValue(counts, v);
        };
        TypeRef repeatedType = null;
        TypeRef lastType = null;
        for (Record r : records) {
            // Records of one class come together: once its names are counted twice, they are repeated.
            if (!r.type().equals(repeatedType)) {
                count(counts, r.type().nsUri());
                count(counts, r.type().name());
                repeatedType = r.type().equals(lastType) ? r.type() : null;
                lastType = r.type();
            }
            r.values().forEach(value); // a record's values give their pairs without an entry object each
        }
        List<String> repeated = new ArrayList<>();
        counts.forEach((s, n) -> {
            if (n[0] > 1) {
                repeated.add(s);
            }
        });
        return repeated;
    }

    private static void count(Map<String, int[]> counts, String s) {
        if (s.length() <= RecordCodec.MAX_SHARED) {
            counts.computeIfAbsent(s, k -> new int[1])[0]++;
        }
    }

    /** The strings writeValue writes through writeString, counted (short text values left out). */
    private static void countValue(Map<String, int[]> counts, Object v) {
        switch (v) {
            case String s -> {
                if (s.length() >= RecordCodec.MIN_SHARED_VALUE) {
                    count(counts, s);
                }
            }
            case ExternalRef ref -> count(counts, ref.store());
            case UriRef ref -> {
                count(counts, ref.uri());
                count(counts, ref.type().nsUri());
                count(counts, ref.type().name());
            }
            case FeatureMapEntry entry -> {
                count(counts, entry.feature());
                countValue(counts, entry.value());
            }
            case List<?> list -> {
                List<?> l = RecordCodec.indexed(list);
                for (int i = 0, n = l.size(); i < n; i++) {
                    countValue(counts, l.get(i));
                }
            }
            case null, default -> { }
        }
    }
}
