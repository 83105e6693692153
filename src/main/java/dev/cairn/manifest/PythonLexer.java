package dev.cairn.manifest;

import dev.cairn.util.CairnException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits Python source into logical lines of tokens, the way Python's tokenizer does: comments
 * dropped, lines joined inside brackets and after a backslash, indentation measured. It knows
 * only what params files need; it never runs anything. Broken structure (an unterminated
 * string, an unmatched bracket) is an error naming file, line and column.
 */
final class PythonLexer {

    enum Kind { NAME, NUMBER, STRING, OP }

    /**
     * One token. For a string, {@code value} is its decoded content, or null for an f-string
     * (not a literal); for others it is the text.
     */
    record Token(Kind kind, String text, String value, int line, int column) {
        boolean is(String op) {
            return kind == Kind.OP && text.equals(op);
        }

        boolean isName(String name) {
            return kind == Kind.NAME && text.equals(name);
        }
    }

    /** A logical line: its indentation (tabs to multiples of 8) and tokens. */
    record Line(int indent, int line, List<Token> tokens) {
    }

    private static final String DIGITS = "[0-9](?:_?[0-9])*";
    private static final String EXPONENT = "[eE][-+]?" + DIGITS;
    private static final String POINT = "(?:" + DIGITS + ")?\\." + DIGITS + "|" + DIGITS + "\\.";
    private static final String FLOAT = "(?:" + POINT + ")(?:" + EXPONENT + ")?|" + DIGITS + EXPONENT;
    /** Python's number literals; the first alternative that matches wins, so longer forms come first. */
    private static final Pattern NUMBER = Pattern.compile("(?:" + FLOAT + "|" + DIGITS + ")[jJ]|" + FLOAT
            + "|0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?[0-9])*|0(?:_?0)*");
    private static final List<String> OPERATORS = List.of("**=", "//=", ">>=", "<<=", "...", "->", ":=", "==",
            "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", "**", "//", "<<", ">>");
    private static final String SINGLE_OPERATORS = "()[]{}:;,.=+-*/%&|^~<>@!";

    private final String src;
    private final String file;
    private int pos;
    private int line = 1;
    private int lineStart;

    private PythonLexer(String src, String file) {
        this.src = src.startsWith("\uFEFF") ? src.substring(1) : src;
        this.file = file;
    }

    static List<Line> lines(String source, String file) {
        return new PythonLexer(source, file).run();
    }

    private List<Line> run() {
        List<Line> lines = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        Deque<Token> brackets = new ArrayDeque<>();
        int indent = 0;
        int firstLine = 1;
        boolean atLineStart = true;
        while (pos < src.length()) {
            if (atLineStart) {
                indent = measureIndent();
                if (pos >= src.length()) {
                    break;
                }
                char c = src.charAt(pos);
                if (c == '#' || c == '\n' || c == '\r') {
                    skipComment();
                    newline();
                    continue; // blank and comment-only lines do not count
                }
                firstLine = line;
                atLineStart = false;
            }
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '\\') {
                pos++;
                if (!newline()) {
                    throw error(line, column() - 1, "unexpected character after line continuation");
                }
            } else if (c == '\n' || c == '\r') {
                newline();
                if (brackets.isEmpty() && !current.isEmpty()) {
                    lines.add(new Line(indent, firstLine, current));
                    current = new ArrayList<>();
                    atLineStart = true;
                } else if (brackets.isEmpty()) {
                    atLineStart = true;
                }
            } else if (startsString()) {
                current.add(string());
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                current.add(number());
            } else if (Character.isUnicodeIdentifierStart(src.codePointAt(pos)) || c == '_') {
                current.add(name());
            } else {
                Token op = operator();
                if ("([{".contains(op.text())) {
                    brackets.push(op);
                } else if (")]}".contains(op.text())) {
                    if (brackets.isEmpty()) {
                        throw error(op.line(), op.column(), "unmatched '" + op.text() + "'");
                    }
                    Token open = brackets.pop();
                    if ("([{".indexOf(open.text().charAt(0)) != ")]}".indexOf(op.text().charAt(0))) {
                        throw error(op.line(), op.column(), "closing '" + op.text() + "' does not match '"
                                + open.text() + "' opened at line " + open.line());
                    }
                }
                current.add(op);
            }
        }
        if (!brackets.isEmpty()) {
            Token open = brackets.peek();
            throw error(open.line(), open.column(), "'" + open.text() + "' was never closed");
        }
        if (!current.isEmpty()) {
            lines.add(new Line(indent, firstLine, current));
        }
        return lines;
    }

    private int measureIndent() {
        int width = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ') {
                width++;
            } else if (c == '\t') {
                width = (width / 8 + 1) * 8;
            } else if (c == '\f') {
                width = 0;
            } else {
                break;
            }
            pos++;
        }
        return width;
    }

    private void skipComment() {
        while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
            pos++;
        }
    }

    /** Consumes one line break if there is one. */
    private boolean newline() {
        if (pos >= src.length()) {
            return pos > 0; // a backslash or comment at the very end
        }
        char c = src.charAt(pos);
        if (c == '\r') {
            pos += pos + 1 < src.length() && src.charAt(pos + 1) == '\n' ? 2 : 1;
        } else if (c == '\n') {
            pos++;
        } else {
            return false;
        }
        line++;
        lineStart = pos;
        return true;
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private boolean startsString() {
        int i = pos;
        while (i < src.length() && i - pos < 2 && "rRbBuUfF".indexOf(src.charAt(i)) >= 0) {
            i++;
        }
        if (i >= src.length() || (src.charAt(i) != '\'' && src.charAt(i) != '"')) {
            return false;
        }
        String prefix = src.substring(pos, i).toLowerCase(Locale.ROOT);
        return List.of("", "r", "u", "b", "f", "br", "rb", "fr", "rf").contains(prefix);
    }

    private Token string() {
        int startLine = line;
        int startColumn = column();
        int start = pos;
        while (src.charAt(pos) != '\'' && src.charAt(pos) != '"') {
            pos++;
        }
        String prefix = src.substring(start, pos).toLowerCase(Locale.ROOT);
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += triple ? 3 : 1;
        int bodyStart = pos;
        while (true) {
            if (pos >= src.length()) {
                throw error(startLine, startColumn, triple ? "unterminated triple-quoted string" : "unterminated string");
            }
            char c = src.charAt(pos);
            if (c == '\\') {
                pos++;
                if (!newline() && pos < src.length()) {
                    pos++;
                }
            } else if (c == '\n' || c == '\r') {
                if (!triple) {
                    throw error(startLine, startColumn, "unterminated string");
                }
                newline();
            } else if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                break;
            } else {
                pos++;
            }
        }
        String body = src.substring(bodyStart, pos);
        pos += triple ? 3 : 1;
        String value = prefix.contains("f") ? null
                : prefix.contains("r") ? body : unescape(body, prefix.contains("b"), startLine, startColumn);
        return new Token(Kind.STRING, src.substring(start, pos), value, startLine, startColumn);
    }

    private String unescape(String body, boolean bytes, int atLine, int atColumn) {
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\r' -> {
                    if (i + 1 < body.length() && body.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                case '\\', '\'', '"' -> sb.append(e);
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = i;
                    while (end < body.length() && end < i + 3 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                        end++;
                    }
                    sb.appendCodePoint(Integer.parseInt(body.substring(i, end), 8));
                    i = end - 1;
                }
                case 'x' -> {
                    sb.appendCodePoint(hex(body, i + 1, 2, atLine, atColumn));
                    i += 2;
                }
                case 'u', 'U', 'N' -> {
                    if (bytes) {
                        sb.append('\\').append(e); // no such escapes in bytes literals
                    } else if (e == 'N') {
                        int close = body.indexOf('}', i);
                        if (i + 1 >= body.length() || body.charAt(i + 1) != '{' || close < 0) {
                            throw error(atLine, atColumn, "malformed \\N{...} escape");
                        }
                        try {
                            sb.appendCodePoint(Character.codePointOf(body.substring(i + 2, close)));
                        } catch (IllegalArgumentException ex) {
                            throw error(atLine, atColumn, "unknown Unicode character name '" + body.substring(i + 2, close) + "'");
                        }
                        i = close;
                    } else {
                        int n = e == 'u' ? 4 : 8;
                        sb.appendCodePoint(hex(body, i + 1, n, atLine, atColumn));
                        i += n;
                    }
                }
                default -> sb.append('\\').append(e); // Python keeps unknown escapes as written
            }
        }
        return sb.toString();
    }

    private CairnException badEscape(int atLine, int atColumn) {
        return error(atLine, atColumn, "truncated or invalid escape in string");
    }

    private int hex(String body, int from, int count, int atLine, int atColumn) {
        if (from + count > body.length()) {
            throw badEscape(atLine, atColumn);
        }
        try {
            int cp = new BigInteger(body.substring(from, from + count), 16).intValueExact();
            if (!Character.isValidCodePoint(cp)) {
                throw badEscape(atLine, atColumn);
            }
            return cp;
        } catch (NumberFormatException | ArithmeticException e) {
            throw badEscape(atLine, atColumn);
        }
    }

    private Token number() {
        Matcher m = NUMBER.matcher(src).region(pos, src.length());
        if (!m.lookingAt()) {
            throw error(line, column(), "invalid number");
        }
        Token t = new Token(Kind.NUMBER, m.group(), m.group(), line, column());
        pos = m.end();
        return t;
    }

    private Token name() {
        int start = pos;
        int col = column();
        pos += Character.charCount(src.codePointAt(pos));
        while (pos < src.length()) {
            int cp = src.codePointAt(pos);
            if (!Character.isUnicodeIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                break;
            }
            pos += Character.charCount(cp);
        }
        String text = src.substring(start, pos);
        return new Token(Kind.NAME, text, text, line, col);
    }

    private Token operator() {
        int col = column();
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return new Token(Kind.OP, op, op, line, col);
            }
        }
        char c = src.charAt(pos);
        if (SINGLE_OPERATORS.indexOf(c) < 0) {
            throw error(line, col, "invalid character '" + new String(Character.toChars(src.codePointAt(pos))) + "'");
        }
        pos++;
        return new Token(Kind.OP, String.valueOf(c), String.valueOf(c), line, col);
    }

    private CairnException error(int atLine, int atColumn, String message) {
        return CairnException.badInput(file + ":" + atLine + ":" + atColumn + ": invalid Python: " + message);
    }
}
