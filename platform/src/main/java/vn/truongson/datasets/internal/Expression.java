package vn.truongson.datasets.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A validation rule's expression, parsed once into a tree and evaluated over a submission's numbers: no
 * scripting engine, no reflection, nothing but this grammar (docs/datasets.md):
 * <pre>
 * rule       := conjunct ( "or" conjunct )*
 * conjunct   := comparison ( "and" comparison )*
 * comparison := sum ( "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "=" | "==" | "!=" | "&lt;&gt;" ) sum  |  "(" rule ")"
 * sum        := product ( ( "+" | "-" ) product )*
 * product    := factor ( ( "*" | "/" ) factor )*
 * factor     := number | field code | "(" sum ")" | "-" factor
 * </pre>
 * Bounded: at most {@link #MAX_LENGTH} characters, {@link #MAX_TOKENS} tokens and {@link #MAX_DEPTH} levels of nesting.
 * A rule whose fields are not all filled in, or that divides by zero, is not evaluated (it holds), as DHIS2's
 * "skip if any value is missing".
 */
public final class Expression {

    public static final int MAX_LENGTH = 500;
    public static final int MAX_TOKENS = 200;
    public static final int MAX_DEPTH = 32;

    private static final MathContext MC = MathContext.DECIMAL128;

    /** Why an expression does not parse, with the position (0-based) where it went wrong. */
    public static final class Invalid extends RuntimeException {
        private final int position;

        Invalid(String reason, int position) {
            super(reason);
            this.position = position;
        }

        public int position() { return position; }
    }

    private sealed interface Node permits Num, Ref, Neg, Bin, Cmp, Logic {}

    private record Num(BigDecimal value) implements Node {}

    private record Ref(String code) implements Node {}

    private record Neg(Node operand) implements Node {}

    private record Bin(char op, Node left, Node right) implements Node {}

    private record Cmp(String op, Node left, Node right) implements Node {}

    private record Logic(boolean and, Node left, Node right) implements Node {}

    private final String text;
    private final Node root;
    private final Set<String> fields;

    private Expression(String text, Node root, Set<String> fields) {
        this.text = text;
        this.root = root;
        this.fields = fields;
    }

    public String text() { return text; }

    /** The field codes the expression reads. */
    public Set<String> fields() { return fields; }

    /** Parses the expression; {@link Invalid} when it is not one. */
    public static Expression parse(String text) {
        if (text.length() > MAX_LENGTH) throw new Invalid("too long", MAX_LENGTH);
        List<Token> tokens = tokenize(text);
        Parser p = new Parser(tokens);
        Node root = p.rule(0);
        if (p.pos < tokens.size()) throw new Invalid("unexpected", tokens.get(p.pos).at());
        if (!(root instanceof Cmp) && !(root instanceof Logic)) throw new Invalid("no comparison", 0);
        return new Expression(text, root, p.fields);
    }

    /**
     * Whether the rule holds for these numbers: true also when a field it reads has no value, or when it divides by zero
     * (it cannot be judged, so it does not refuse).
     */
    public boolean holds(Map<String, BigDecimal> values) {
        Boolean b = truth(root, values);
        return b == null || b;
    }

    private static @Nullable Boolean truth(Node n, Map<String, BigDecimal> values) {
        return switch (n) {
            case Logic l -> {
                Boolean a = truth(l.left(), values);
                Boolean b = truth(l.right(), values);
                if (a == null || b == null) yield null;
                yield l.and() ? a && b : a || b;
            }
            case Cmp c -> {
                BigDecimal a = value(c.left(), values);
                BigDecimal b = value(c.right(), values);
                if (a == null || b == null) yield null;
                int k = a.compareTo(b);
                yield switch (c.op()) {
                    case "<" -> k < 0;
                    case "<=" -> k <= 0;
                    case ">" -> k > 0;
                    case ">=" -> k >= 0;
                    case "=", "==" -> k == 0;
                    default -> k != 0;
                };
            }
            default -> throw new IllegalStateException("not a condition");
        };
    }

    private static @Nullable BigDecimal value(Node n, Map<String, BigDecimal> values) {
        return switch (n) {
            case Num x -> x.value();
            case Ref r -> values.get(r.code());
            case Neg g -> {
                BigDecimal v = value(g.operand(), values);
                yield v == null ? null : v.negate();
            }
            case Bin b -> {
                BigDecimal x = value(b.left(), values);
                BigDecimal y = value(b.right(), values);
                if (x == null || y == null) yield null;
                yield switch (b.op()) {
                    case '+' -> x.add(y, MC);
                    case '-' -> x.subtract(y, MC);
                    case '*' -> x.multiply(y, MC);
                    default -> y.signum() == 0 ? null : x.divide(y, MC);
                };
            }
            default -> throw new IllegalStateException("not a number");
        };
    }

    private enum Kind { NUMBER, IDENT, OP, LPAREN, RPAREN }

    private record Token(Kind kind, String text, int at) {}

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (out.size() >= MAX_TOKENS) throw new Invalid("too many tokens", i);
            int start = i;
            if (c >= '0' && c <= '9' || c == '.') {
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                String num = s.substring(start, i);
                if (num.length() > 22 || num.chars().filter(ch -> ch == '.').count() > 1 || num.equals(".")) throw new Invalid("bad number", start);
                out.add(new Token(Kind.NUMBER, num, start));
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
                while (i < s.length() && (isAsciiLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == '+' || c == '-' || c == '*' || c == '/') {
                out.add(new Token(Kind.OP, String.valueOf(c), i++));
            } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                i++;
                if (i < s.length() && (s.charAt(i) == '=' || c == '<' && s.charAt(i) == '>')) i++;
                String op = s.substring(start, i);
                if (op.equals("!")) throw new Invalid("bad operator", start);
                out.add(new Token(Kind.OP, op, start));
            } else {
                throw new Invalid("bad character", i);
            }
        }
        if (out.isEmpty()) throw new Invalid("empty", 0);
        return out;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static final Set<String> COMPARISONS = Set.of("<", "<=", ">", ">=", "=", "==", "!=", "<>");

    private static final class Parser {
        final List<Token> tokens;
        int pos;
        final Set<String> fields = new LinkedHashSet<>();

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        @Nullable Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        int at() {
            Token t = peek();
            return t == null ? (tokens.isEmpty() ? 0 : tokens.getLast().at() + tokens.getLast().text().length()) : t.at();
        }

        boolean word(String w) {
            Token t = peek();
            if (t != null && t.kind() == Kind.IDENT && t.text().equalsIgnoreCase(w)) {
                pos++;
                return true;
            }
            return false;
        }

        boolean op(String o) {
            Token t = peek();
            if (t != null && t.kind() == Kind.OP && t.text().equals(o)) {
                pos++;
                return true;
            }
            return false;
        }

        static void depth(int d, int at) {
            if (d > MAX_DEPTH) throw new Invalid("too deep", at);
        }

        Node rule(int d) {
            depth(d, at());
            Node n = conjunct(d + 1);
            while (word("or")) n = new Logic(false, n, conjunct(d + 1));
            return n;
        }

        Node conjunct(int d) {
            Node n = comparison(d + 1);
            while (word("and")) n = new Logic(true, n, comparison(d + 1));
            return n;
        }

        Node comparison(int d) {
            depth(d, at());
            // "(" may open a parenthesised rule or a parenthesised sum: try the rule, fall back to the sum.
            Token t = peek();
            if (t != null && t.kind() == Kind.LPAREN) {
                int mark = pos;
                pos++;
                try {
                    Node inner = rule(d + 1);
                    Token close = peek();
                    if (close != null && close.kind() == Kind.RPAREN) {
                        pos++;
                        Token next = peek();
                        if (next == null || next.kind() == Kind.RPAREN || next.kind() == Kind.IDENT) return inner;
                    }
                } catch (Invalid e) {
                    if (e.getMessage().equals("too deep")) throw e;
                }
                pos = mark;
            }
            Node left = sum(d + 1);
            Token o = peek();
            if (o == null || o.kind() != Kind.OP || !COMPARISONS.contains(o.text())) throw new Invalid("comparison expected", at());
            pos++;
            Node right = sum(d + 1);
            return new Cmp(o.text(), left, right);
        }

        Node sum(int d) {
            depth(d, at());
            Node n = product(d + 1);
            while (true) {
                if (op("+")) n = new Bin('+', n, product(d + 1));
                else if (op("-")) n = new Bin('-', n, product(d + 1));
                else return n;
            }
        }

        Node product(int d) {
            Node n = factor(d + 1);
            while (true) {
                if (op("*")) n = new Bin('*', n, factor(d + 1));
                else if (op("/")) n = new Bin('/', n, factor(d + 1));
                else return n;
            }
        }

        Node factor(int d) {
            depth(d, at());
            Token t = peek();
            if (t == null) throw new Invalid("operand expected", at());
            switch (t.kind()) {
                case NUMBER -> {
                    pos++;
                    return new Num(new BigDecimal(t.text()));
                }
                case IDENT -> {
                    if (t.text().equalsIgnoreCase("and") || t.text().equalsIgnoreCase("or")) throw new Invalid("operand expected", t.at());
                    pos++;
                    fields.add(t.text());
                    return new Ref(t.text());
                }
                case LPAREN -> {
                    pos++;
                    Node n = sum(d + 1);
                    Token close = peek();
                    if (close == null || close.kind() != Kind.RPAREN) throw new Invalid("')' expected", at());
                    pos++;
                    return n;
                }
                case OP -> {
                    if (t.text().equals("-")) {
                        pos++;
                        return new Neg(factor(d + 1));
                    }
                    throw new Invalid("operand expected", t.at());
                }
                default -> throw new Invalid("operand expected", t.at());
            }
        }
    }
}
