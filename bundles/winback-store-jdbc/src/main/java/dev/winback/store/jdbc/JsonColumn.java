package dev.winback.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.SQLException;

/**
 * A text column that holds a value as JSON, for values that are read back whole and never queried by. Null stays
 * null, so "not given" and "empty" read back as they were written.
 */
final class JsonColumn<T> {
    /**
     * Lenient about fields it does not know: a value stored by a newer version of the API must still load after a
     * downgrade, and one stored before a field was dropped, after an upgrade.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final String column;
    private final JavaType type;

    /** @param column table and column, for the message should the stored text not be such a value */
    JsonColumn(String column, TypeReference<T> type) {
        this.column = column;
        this.type = JSON.getTypeFactory().constructType(type);
    }

    String write(T value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // The values are plain fields and lists; reaching this is a bug, not bad input.
            throw new IllegalStateException("Cannot write " + column + " as JSON", e);
        }
    }

    T read(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            // Only the store writes the column; anything else in it was put there behind the store's back.
            throw new SQLException(column + " does not hold what the store writes there: " + json, e);
        }
    }
}
