package dev.cairn.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import dev.cairn.util.CairnException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads JSON and TOML into {@link YNode}s through Jackson's streaming parsers: numbers keep the
 * text they were written with and their int/float kind, duplicate keys are refused, and errors
 * name file, line and column. Only tokens are read; nothing is bound to Java objects.
 */
final class JacksonReader {

    private static final int MAX_DEPTH = 64;

    private final String file;
    private final String format;

    private JacksonReader(String file, String format) {
        this.file = file;
        this.format = format;
    }

    /** JSON as Python's json module writes it, including NaN and Infinity. */
    static YNode json(String text, String file) {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        return new JacksonReader(file, "JSON").read(factory, text);
    }

    /** TOML 1.0; dates and times stay text. */
    static YNode toml(String text, String file) {
        return new JacksonReader(file, "TOML").read(new TomlFactory(), text);
    }

    private YNode read(JsonFactory factory, String text) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YNode root = value(parser, 0);
            if (parser.nextToken() != null) {
                throw error(parser.currentTokenLocation(), "unexpected content after the document");
            }
            return root;
        } catch (StreamReadException e) {
            throw error(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw CairnException.badInput(file + ": cannot read " + format + ": " + e.getMessage());
        }
    }

    private YNode value(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error(p.currentTokenLocation(), "nested more than " + MAX_DEPTH + " levels deep");
        }
        YNode.Mark mark = mark(p.currentTokenLocation());
        JsonToken token = p.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    if (entries.containsKey(key)) {
                        throw error(p.currentTokenLocation(), "duplicate key '" + key + "'");
                    }
                    p.nextToken();
                    entries.put(key, value(p, depth + 1));
                }
                yield new YNode.Mapping(entries, mark);
            }
            case START_ARRAY -> {
                List<YNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, depth + 1));
                }
                yield new YNode.Sequence(items, mark);
            }
            case VALUE_STRING -> new YNode.Scalar(p.getText(), YNode.Scalar.Type.STRING, mark);
            case VALUE_NUMBER_INT -> new YNode.Scalar(p.getText(), YNode.Scalar.Type.INT, mark);
            case VALUE_NUMBER_FLOAT -> new YNode.Scalar(p.getText(), YNode.Scalar.Type.FLOAT, mark);
            case VALUE_TRUE, VALUE_FALSE -> new YNode.Scalar(p.getText(), YNode.Scalar.Type.BOOL, mark);
            case VALUE_NULL -> new YNode.Scalar("null", YNode.Scalar.Type.NULL, mark);
            default -> throw error(p.currentTokenLocation(), "unexpected " + token);
        };
    }

    private YNode.Mark mark(JsonLocation at) {
        return at == null || at.getLineNr() <= 0 ? new YNode.Mark(file, 0, 0)
                : new YNode.Mark(file, at.getLineNr(), Math.max(at.getColumnNr(), 1));
    }

    private CairnException error(JsonLocation at, String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return CairnException.badInput(mark(at) + ": invalid " + format + ": " + first);
    }
}
