package dev.cairn.manifest;

import dev.cairn.manifest.PythonLexer.Kind;
import dev.cairn.manifest.PythonLexer.Line;
import dev.cairn.manifest.PythonLexer.Token;
import dev.cairn.util.CairnException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads params from Python source as DVC does, without running it: top-level {@code NAME = literal}
 * and {@code NAME: type = literal} assignments, class bodies as nested mappings (including
 * {@code self.NAME = literal} in {@code __init__}). Values are literals only: numbers, strings,
 * True/False/None, lists, tuples, sets and dicts of literals. Any other assignment is skipped,
 * as DVC skips what {@code ast.literal_eval} refuses.
 */
final class PythonParams {

    private static final int MAX_DEPTH = 64;
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
            "try", "while", "with", "yield");

    /** Where an assignment is: which targets count. */
    private enum Scope { MODULE, CLASS, INIT }

    /** A statement: its logical line and, for a block header, the block under it. */
    private record Statement(Line line, List<Statement> body) {
    }

    /** An expression that is valid Python but no literal: the assignment is skipped. */
    private static final class NotLiteral extends RuntimeException {
        NotLiteral() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final List<Line> lines;
    private int next;

    private PythonParams(String file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    static YNode.Mapping parse(String text, String file) {
        PythonParams p = new PythonParams(file, PythonLexer.lines(text, file));
        List<Statement> module = p.block(0);
        LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
        for (Statement s : module) {
            p.statement(s, entries, Scope.MODULE);
        }
        return new YNode.Mapping(entries, new YNode.Mark(file, 1, 1));
    }

    // ---- blocks, by indentation

    private List<Statement> block(int indent) {
        List<Statement> statements = new ArrayList<>();
        while (next < lines.size()) {
            Line l = lines.get(next);
            if (l.indent() < indent) {
                break;
            }
            if (l.indent() > indent) {
                throw error(l.tokens().get(0), "unexpected indent");
            }
            next++;
            List<Statement> body = null;
            if (last(l).is(":")) {
                if (next >= lines.size() || lines.get(next).indent() <= indent) {
                    Token at = next < lines.size() ? lines.get(next).tokens().get(0) : last(l);
                    throw error(at, "expected an indented block after line " + l.line());
                }
                body = block(lines.get(next).indent());
                if (next < lines.size() && lines.get(next).indent() > indent) {
                    throw error(lines.get(next).tokens().get(0), "unindent does not match any outer indentation level");
                }
            }
            statements.add(new Statement(l, body));
        }
        return statements;
    }

    private static Token last(Line l) {
        return l.tokens().get(l.tokens().size() - 1);
    }

    // ---- statements

    private void statement(Statement s, LinkedHashMap<String, YNode> into, Scope scope) {
        List<Token> tokens = s.line().tokens();
        Token first = tokens.get(0);
        if (first.isName("class") && tokens.size() > 1 && tokens.get(1).kind() == Kind.NAME) {
            LinkedHashMap<String, YNode> members = new LinkedHashMap<>();
            body(s, tokens, members, Scope.CLASS);
            into.put(tokens.get(1).text(), new YNode.Mapping(members, mark(first)));
        } else if (first.isName("def")) {
            if (scope == Scope.CLASS && tokens.size() > 1 && tokens.get(1).isName("__init__")) {
                body(s, tokens, into, Scope.INIT);
            }
        } else if (s.body() == null) {
            for (List<Token> simple : splitTopLevel(tokens, 0, tokens.size(), ";")) {
                assignment(simple, into, scope);
            }
        }
        // other compound statements (if, for, with, try, ...) are not read, as in DVC
    }

    /** The statements of a class or def: its indented block, or what follows its colon on the line. */
    private void body(Statement s, List<Token> header, LinkedHashMap<String, YNode> into, Scope scope) {
        if (s.body() != null) {
            for (Statement child : s.body()) {
                statement(child, into, scope);
            }
            return;
        }
        int colon = headerColon(header);
        if (colon < 0) {
            return;
        }
        for (List<Token> simple : splitTopLevel(header, colon + 1, header.size(), ";")) {
            assignment(simple, into, scope);
        }
    }

    /** The colon that ends a class or def header: the first one outside brackets. */
    private static int headerColon(List<Token> tokens) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            depth += depthChange(tokens.get(i));
            if (depth == 0 && tokens.get(i).is(":")) {
                return i;
            }
        }
        return -1;
    }

    private void assignment(List<Token> tokens, LinkedHashMap<String, YNode> into, Scope scope) {
        List<List<Token>> parts = splitTopLevel(tokens, 0, tokens.size(), "=");
        if (parts.size() != 2 || parts.get(1).isEmpty()) {
            return; // no assignment, or several targets (a = b = 1), which DVC skips
        }
        String name = target(parts.get(0), scope);
        if (name == null) {
            return;
        }
        try {
            into.put(name, new Literal(parts.get(1)).document());
        } catch (NotLiteral e) {
            // valid Python, but no literal: DVC leaves it out
        }
    }

    /** The name a target assigns: {@code x}, {@code x: T}, {@code self.x}, {@code self.x: T}; null for others. */
    private static String target(List<Token> t, Scope scope) {
        if (t.isEmpty() || t.get(0).kind() != Kind.NAME || KEYWORDS.contains(t.get(0).text())) {
            return null;
        }
        if (scope != Scope.INIT && (t.size() == 1 || t.get(1).is(":"))) {
            return t.get(0).text();
        }
        if (t.size() >= 3 && t.get(0).isName("self") && t.get(1).is(".") && t.get(2).kind() == Kind.NAME
                && (t.size() == 3 || t.get(3).is(":"))) {
            return t.get(2).text();
        }
        return null;
    }

    /** Splits tokens[from, to) at the operator {@code op} outside brackets. */
    private static List<List<Token>> splitTopLevel(List<Token> tokens, int from, int to, String op) {
        List<List<Token>> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            depth += depthChange(t);
            if (depth == 0 && t.is(op)) {
                parts.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        parts.add(tokens.subList(start, to));
        parts.removeIf(p -> p.isEmpty() && op.equals(";"));
        return parts;
    }

    private static int depthChange(Token t) {
        if (t.kind() != Kind.OP) {
            return 0;
        }
        return switch (t.text()) {
            case "(", "[", "{" -> 1;
            case ")", "]", "}" -> -1;
            default -> 0;
        };
    }

    private YNode.Mark mark(Token t) {
        return new YNode.Mark(file, t.line(), t.column());
    }

    private CairnException error(Token at, String message) {
        return CairnException.badInput(file + ":" + at.line() + ":" + at.column() + ": invalid Python: " + message);
    }

    // ---- literals

    /** A recursive-descent reader of one literal expression, as {@code ast.literal_eval} accepts it. */
    private final class Literal {
        private final List<Token> tokens;
        private int at;

        Literal(List<Token> tokens) {
            this.tokens = tokens;
        }

        YNode document() {
            YNode value = element(0);
            if (peek(",")) {
                List<YNode> items = new ArrayList<>(List.of(value));
                while (accept(",") && at < tokens.size()) {
                    items.add(element(0));
                }
                value = new YNode.Sequence(items, value.mark());
            }
            if (at != tokens.size()) {
                throw new NotLiteral();
            }
            return value;
        }

        private YNode element(int depth) {
            if (depth > MAX_DEPTH) {
                throw error(tokens.get(at), "literal nested more than " + MAX_DEPTH + " levels deep");
            }
            Token t = take();
            if (t.is("-") || t.is("+")) {
                Token n = take();
                if (n.kind() != Kind.NUMBER) {
                    throw new NotLiteral();
                }
                return number(n, t.is("-") ? "-" : "", mark(t));
            }
            switch (t.kind()) {
                case NUMBER -> {
                    return number(t, "", mark(t));
                }
                case STRING -> {
                    StringBuilder sb = new StringBuilder();
                    for (Token s = t; ; s = take()) {
                        if (s.value() == null) {
                            throw new NotLiteral(); // an f-string
                        }
                        sb.append(s.value());
                        if (at >= tokens.size() || tokens.get(at).kind() != Kind.STRING) {
                            break;
                        }
                    }
                    return new YNode.Scalar(sb.toString(), YNode.Scalar.Type.STRING, mark(t));
                }
                case NAME -> {
                    return switch (t.text()) {
                        case "True", "False" -> new YNode.Scalar(t.text(), YNode.Scalar.Type.BOOL, mark(t));
                        case "None" -> new YNode.Scalar(t.text(), YNode.Scalar.Type.NULL, mark(t));
                        default -> throw new NotLiteral();
                    };
                }
                default -> {
                }
            }
            return switch (t.text()) {
                case "[" -> new YNode.Sequence(items("]", depth), mark(t));
                case "(" -> parenthesized(t, depth);
                case "{" -> braces(t, depth);
                default -> throw new NotLiteral();
            };
        }

        /** {@code ()} and {@code (a,)} are tuples, {@code (a)} is a.  */
        private YNode parenthesized(Token open, int depth) {
            if (accept(")")) {
                return new YNode.Sequence(List.of(), mark(open));
            }
            YNode first = element(depth + 1);
            if (accept(")")) {
                return first;
            }
            expect(",");
            List<YNode> items = new ArrayList<>(List.of(first));
            items.addAll(items(")", depth));
            return new YNode.Sequence(items, mark(open));
        }

        /** A dict, or a set (read as a list). */
        private YNode braces(Token open, int depth) {
            if (accept("}")) {
                return new YNode.Mapping(new LinkedHashMap<>(), mark(open));
            }
            YNode first = element(depth + 1);
            if (!accept(":")) {
                List<YNode> items = new ArrayList<>(List.of(first));
                if (accept(",")) {
                    items.addAll(items("}", depth));
                } else {
                    expect("}");
                }
                return new YNode.Sequence(items, mark(open));
            }
            LinkedHashMap<String, YNode> entries = new LinkedHashMap<>();
            entries.put(key(first), element(depth + 1));
            while (accept(",")) {
                if (accept("}")) {
                    return new YNode.Mapping(entries, mark(open));
                }
                YNode key = element(depth + 1);
                expect(":");
                entries.put(key(key), element(depth + 1));
            }
            expect("}");
            return new YNode.Mapping(entries, mark(open));
        }

        /** Comma-separated elements up to {@code close}, a trailing comma allowed. */
        private List<YNode> items(String close, int depth) {
            List<YNode> items = new ArrayList<>();
            while (!accept(close)) {
                items.add(element(depth + 1));
                if (!accept(",")) {
                    expect(close);
                    break;
                }
            }
            return items;
        }

        private String key(YNode key) {
            if (key instanceof YNode.Scalar s) {
                return s.text();
            }
            throw new NotLiteral(); // a tuple key has no place in a mapping of names
        }

        private YNode number(Token t, String sign, YNode.Mark mark) {
            String text = t.text().replace("_", "");
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.endsWith("j")) {
                throw new NotLiteral(); // complex numbers have no YAML or JSON form
            }
            int radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
            if (radix != 10) {
                return new YNode.Scalar(new BigInteger(sign + text.substring(2), radix).toString(), YNode.Scalar.Type.INT, mark);
            }
            if (lower.contains(".") || lower.contains("e")) {
                return new YNode.Scalar(sign + text, YNode.Scalar.Type.FLOAT, mark);
            }
            return new YNode.Scalar(new BigInteger(sign + text).toString(), YNode.Scalar.Type.INT, mark);
        }

        private Token take() {
            if (at >= tokens.size()) {
                throw new NotLiteral();
            }
            return tokens.get(at++);
        }

        private boolean peek(String op) {
            return at < tokens.size() && tokens.get(at).is(op);
        }

        private boolean accept(String op) {
            if (peek(op)) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(String op) {
            if (!accept(op)) {
                throw new NotLiteral();
            }
        }
    }
}
