package dev.cairn.manifest;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Resolves plain scalars by the YAML 1.2 core schema (SnakeYAML follows YAML 1.1): only
 * true/false are booleans, {@code 1e-3} is a float, {@code 010} is ten, there are no
 * timestamps. Underscores in numbers are accepted, as ruamel (DVC's reader) accepts them.
 */
final class Yaml12Resolver extends Resolver {

    private static final Pattern BOOL_12 = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern INT_12 = Pattern.compile("^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$");
    private static final Pattern FLOAT_12 = Pattern.compile(
            "^(?:[-+]?(?:\\.[0-9][0-9_]*|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
                    + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
    private static final Pattern NULL_12 = Pattern.compile("^(?:~|null|Null|NULL)$");

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL_12, "tTfF", 10);
        // INT before FLOAT: the float pattern also matches integers
        addImplicitResolver(Tag.INT, INT_12, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT_12, "-+0123456789.");
        addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
        addImplicitResolver(Tag.NULL, NULL_12, "~nN\0", 10);
        addImplicitResolver(Tag.NULL, EMPTY, null, 10);
    }
}
