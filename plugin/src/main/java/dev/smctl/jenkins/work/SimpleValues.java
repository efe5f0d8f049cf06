package dev.smctl.jenkins.work;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values a Pipeline may hold in a variable (jenkins-api.md §3.7): String, Integer, Long, Double, Boolean, and
 * lists and maps of those. Anything else from the engine (a path, an instant, a record) becomes its text.
 */
final class SimpleValues {
    private SimpleValues() {
    }

    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return mapOf(map);
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection.stream().map(SimpleValues::of).toList());
        }
        return String.valueOf(value);
    }

    static LinkedHashMap<String, Object> mapOf(Map<?, ?> map) {
        LinkedHashMap<String, Object> simple = new LinkedHashMap<>();
        map.forEach((key, item) -> simple.put(String.valueOf(key), of(item)));
        return simple;
    }
}
