package io.kvstore.jdbc.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Compiles the scalar expressions of a plan into {@link Expr}s, for the subset whose meaning is plain and
 * identical to Calcite's generated code: column references, literals (character, binary, exact numeric, boolean,
 * NULL), {@code ?} parameters, comparisons, {@code AND}/{@code OR}/{@code NOT} (three-valued),
 * {@code IS [NOT] NULL}, {@code LIKE} without {@code ESCAPE}, {@code ||} on text, {@code CHAR_LENGTH},
 * {@code OCTET_LENGTH}, {@code UPPER}, {@code LOWER}, {@code TEXT(value)}, {@code BYTES(text)}, casts between
 * character types (cut or padded to the length) and widening integer casts; and (session 10) integer arithmetic
 * ({@code + - * /}, {@code MOD}, unary minus on INTEGER and BIGINT), casts of text to INTEGER/BIGINT/VARBINARY,
 * of integers to VARCHAR and of binary to VARCHAR[(n)] (hex), {@code SUBSTRING} of text, {@code TRIM},
 * {@code POSITION(a IN b)} and {@code CASE} (which {@code COALESCE} becomes), evaluated by {@link ScalarFunctions}
 * as Calcite's runtime evaluates them. Anything else makes
 * {@link #compile} return null, and the statement runs through Calcite. Stateless.
 */
final class Exprs {
    /** The parameters seen while compiling: index -> type. */
    private final Map<Integer, RelDataType> parameters;

    Exprs(Map<Integer, RelDataType> parameters) {
        this.parameters = parameters;
    }

    /** Marks an expression this compiler does not take. */
    static final class Unsupported extends Exception {
        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** The compiled expression; throws {@link Unsupported} for anything outside the subset. */
    Expr compile(RexNode node) throws Unsupported {
        if (node instanceof RexInputRef ref) {
            int i = ref.getIndex();
            return (row, params) -> row[i];
        }
        if (node instanceof RexDynamicParam p) {
            int i = p.getIndex();
            parameters.put(i, p.getType());
            return (row, params) -> params[i];
        }
        if (node instanceof RexLiteral lit) {
            Object v = literal(lit);
            return (row, params) -> v;
        }
        if (node instanceof RexCall call) {
            return call(call);
        }
        throw new Unsupported(node.toString());
    }

    /** The Java value of a literal, as the driver's cells hold it. */
    static Object literal(RexLiteral lit) throws Unsupported {
        if (lit.isNull()) {
            return null;
        }
        SqlTypeName t = lit.getType().getSqlTypeName();
        return switch (t) {
            case CHAR, VARCHAR -> lit.getValueAs(String.class);
            case BINARY, VARBINARY -> lit.getValueAs(ByteString.class).getBytes();
            case BOOLEAN -> lit.getValueAs(Boolean.class);
            case INTEGER -> lit.getValueAs(Integer.class);
            case BIGINT -> lit.getValueAs(Long.class);
            case SMALLINT -> lit.getValueAs(Short.class);
            case TINYINT -> lit.getValueAs(Byte.class);
            case DECIMAL -> lit.getValueAs(BigDecimal.class);
            default -> throw new Unsupported("literal of type " + t);
        };
    }

    private List<Expr> operands(RexCall call) throws Unsupported {
        List<Expr> out = new ArrayList<>();
        for (RexNode o : call.getOperands()) {
            out.add(compile(o));
        }
        return out;
    }

    private static boolean isText(RexNode n) {
        return n.getType().getFamily() == SqlTypeFamily.CHARACTER;
    }

    private static boolean isBinary(RexNode n) {
        return n.getType().getFamily() == SqlTypeFamily.BINARY;
    }

    /** INTEGER or BIGINT: the integer types whose arithmetic this compiler runs. */
    private static boolean isInteger(RexNode n) {
        SqlTypeName t = n.getType().getSqlTypeName();
        return t == SqlTypeName.INTEGER || t == SqlTypeName.BIGINT;
    }

    private static boolean isExact(RexNode n) {
        return SqlTypeName.EXACT_TYPES.contains(n.getType().getSqlTypeName());
    }

    private Expr call(RexCall call) throws Unsupported {
        List<RexNode> ops = call.getOperands();
        switch (call.getKind()) {
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                RexNode a = ops.get(0);
                RexNode b = ops.get(1);
                boolean comparable = (isText(a) && isText(b)) || (isBinary(a) && isBinary(b))
                        || (isExact(a) && isExact(b))
                        || (a.getType().getSqlTypeName() == SqlTypeName.BOOLEAN
                            && b.getType().getSqlTypeName() == SqlTypeName.BOOLEAN);
                if (!comparable) {
                    throw new Unsupported(call.toString());
                }
                Expr x = compile(a);
                Expr y = compile(b);
                return comparison(call.getKind(), x, y);
            }
            case AND -> {
                List<Expr> es = operands(call);
                return (row, params) -> {
                    boolean unknown = false;
                    for (Expr e : es) {
                        Object v = e.eval(row, params);
                        if (v == null) {
                            unknown = true;
                        } else if (!(Boolean) v) {
                            return false;
                        }
                    }
                    return unknown ? null : Boolean.TRUE;
                };
            }
            case OR -> {
                List<Expr> es = operands(call);
                return (row, params) -> {
                    boolean unknown = false;
                    for (Expr e : es) {
                        Object v = e.eval(row, params);
                        if (v == null) {
                            unknown = true;
                        } else if ((Boolean) v) {
                            return true;
                        }
                    }
                    return unknown ? null : Boolean.FALSE;
                };
            }
            case NOT -> {
                Expr e = compile(ops.get(0));
                return (row, params) -> {
                    Object v = e.eval(row, params);
                    return v == null ? null : !(Boolean) v;
                };
            }
            case IS_NULL, IS_NOT_NULL -> {
                Expr e = compile(ops.get(0));
                boolean wantNull = call.getKind() == org.apache.calcite.sql.SqlKind.IS_NULL;
                return (row, params) -> (e.eval(row, params) == null) == wantNull;
            }
            case LIKE -> {
                if (ops.size() != 2 || !isText(ops.get(0)) || !isText(ops.get(1))
                        || call.getOperator().getName().toUpperCase(Locale.ROOT).contains("NOT")
                        || call.getOperator().getName().toUpperCase(Locale.ROOT).contains("ILIKE")) {
                    throw new Unsupported(call.toString());
                }
                Expr s = compile(ops.get(0));
                if (ops.get(1) instanceof RexLiteral lit) {
                    String p = lit.getValueAs(String.class);
                    if (p == null) {
                        return (row, params) -> null;
                    }
                    Pattern pattern = likePattern(p);
                    return (row, params) -> {
                        Object v = s.eval(row, params);
                        return v == null ? null : pattern.matcher((String) v).matches();
                    };
                }
                Expr pe = compile(ops.get(1));
                return (row, params) -> {
                    Object v = s.eval(row, params);
                    Object p = pe.eval(row, params);
                    return v == null || p == null ? null : likePattern((String) p).matcher((String) v).matches();
                };
            }
            case CAST -> {
                return cast(call);
            }
            case PLUS, MINUS, TIMES, DIVIDE, MOD -> {
                if (ops.size() != 2 || !isInteger(ops.get(0)) || !isInteger(ops.get(1)) || !isInteger(call)) {
                    throw new Unsupported(call.toString());
                }
                boolean wide = call.getType().getSqlTypeName() == SqlTypeName.BIGINT;
                if (!wide && (ops.get(0).getType().getSqlTypeName() != SqlTypeName.INTEGER
                        || ops.get(1).getType().getSqlTypeName() != SqlTypeName.INTEGER)) {
                    throw new Unsupported(call.toString());
                }
                String op = switch (call.getKind()) {
                    case PLUS -> "+";
                    case MINUS -> "-";
                    case TIMES -> "*";
                    case DIVIDE -> "/";
                    default -> "%";
                };
                return ScalarFunctions.arithmetic(op, compile(ops.get(0)), compile(ops.get(1)), wide);
            }
            case MINUS_PREFIX -> {
                SqlTypeName result = call.getType().getSqlTypeName();
                if (!isInteger(ops.get(0)) || result != ops.get(0).getType().getSqlTypeName()) {
                    throw new Unsupported(call.toString());
                }
                return ScalarFunctions.negate(compile(ops.get(0)),
                        call.getType().getSqlTypeName() == SqlTypeName.BIGINT);
            }
            case CASE -> {
                if (ops.size() % 2 != 1) {
                    throw new Unsupported(call.toString());
                }
                List<Expr> es = operands(call);
                return (row, params) -> {
                    int last = es.size() - 1;
                    for (int i = 0; i < last; i += 2) {
                        if (es.get(i).eval(row, params) == Boolean.TRUE) {
                            return es.get(i + 1).eval(row, params);
                        }
                    }
                    return es.get(last).eval(row, params);
                };
            }
            default -> {
                return function(call);
            }
        }
    }

    private Expr function(RexCall call) throws Unsupported {
        List<RexNode> ops = call.getOperands();
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        if (ops.size() == 1) {
            RexNode a = ops.get(0);
            boolean accepted = switch (name) {
                case "CHAR_LENGTH", "CHARACTER_LENGTH", "UPPER", "LOWER" -> isText(a);
                case "OCTET_LENGTH" -> isBinary(a);
                case "TEXT" -> isBinary(a) && isText(call);
                case "BYTES" -> isText(a) && isBinary(call);
                default -> false;
            };
            if (accepted) {
                return ScalarFunctions.unary(name, compile(a));
            }
        }
        if (name.equals("SUBSTRING") && (ops.size() == 2 || ops.size() == 3) && isText(ops.get(0)) && isText(call)
                && ops.get(1).getType().getSqlTypeName() == SqlTypeName.INTEGER
                && (ops.size() == 2 || ops.get(2).getType().getSqlTypeName() == SqlTypeName.INTEGER)) {
            return ScalarFunctions.substring(compile(ops.get(0)), compile(ops.get(1)),
                    ops.size() == 3 ? compile(ops.get(2)) : null);
        }
        if (name.equals("POSITION") && ops.size() == 2 && isText(ops.get(0)) && isText(ops.get(1))) {
            return ScalarFunctions.position(compile(ops.get(0)), compile(ops.get(1)));
        }
        if (name.equals("TRIM") && ops.size() == 3 && ops.get(0) instanceof RexLiteral flag
                && isText(ops.get(1)) && isText(ops.get(2)) && isText(call)) {
            String f = String.valueOf(flag.getValue2());
            boolean leading = f.equals("BOTH") || f.equals("LEADING");
            boolean trailing = f.equals("BOTH") || f.equals("TRAILING");
            if (!leading && !trailing) {
                throw new Unsupported(call.toString());
            }
            return ScalarFunctions.trim(leading, trailing, compile(ops.get(1)), compile(ops.get(2)));
        }
        if (name.equals("||") && ops.size() == 2 && isText(ops.get(0)) && isText(ops.get(1)) && isText(call)
                && !hasPrecision(call.getType())) {
            Expr x = compile(ops.get(0));
            Expr y = compile(ops.get(1));
            return (row, params) -> {
                Object a = x.eval(row, params);
                Object b = y.eval(row, params);
                return a == null || b == null ? null : (String) a + b;
            };
        }
        throw new Unsupported(call.toString());
    }

    private static boolean hasPrecision(RelDataType t) {
        return t.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED && t.getSqlTypeName() == SqlTypeName.CHAR;
    }

    private Expr cast(RexCall call) throws Unsupported {
        RexNode from = call.getOperands().get(0);
        RelDataType to = call.getType();
        Expr e = compile(from);
        SqlTypeName target = to.getSqlTypeName();
        if (isText(from) && (target == SqlTypeName.VARCHAR || target == SqlTypeName.CHAR)) {
            int n = to.getPrecision();
            boolean pad = target == SqlTypeName.CHAR;
            if (n == RelDataType.PRECISION_NOT_SPECIFIED || n < 0) {
                return e;
            }
            return (row, params) -> {
                Object v = e.eval(row, params);
                if (v == null) {
                    return null;
                }
                String s = (String) v;
                if (s.length() > n) {
                    return s.substring(0, n);
                }
                return pad && s.length() < n ? s + " ".repeat(n - s.length()) : s;
            };
        }
        if (isBinary(from) && target == SqlTypeName.VARBINARY
                && (to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || to.getPrecision() < 0)) {
            return e;
        }
        SqlTypeName source = from.getType().getSqlTypeName();
        boolean unbounded = to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || to.getPrecision() < 0;
        if (isText(from) && (target == SqlTypeName.INTEGER || target == SqlTypeName.BIGINT)) {
            return ScalarFunctions.textToInteger(e, target == SqlTypeName.BIGINT);
        }
        if (isInteger(from) && target == SqlTypeName.VARCHAR && unbounded) {
            return ScalarFunctions.integerToText(e);
        }
        if (isBinary(from) && target == SqlTypeName.VARCHAR) {
            return ScalarFunctions.binaryToText(e, unbounded ? -1 : to.getPrecision());
        }
        if (isText(from) && target == SqlTypeName.VARBINARY && unbounded) {
            return ScalarFunctions.unary("BYTES", e);
        }
        boolean smallInt = source == SqlTypeName.INTEGER || source == SqlTypeName.SMALLINT
                || source == SqlTypeName.TINYINT;
        if (smallInt && target == SqlTypeName.BIGINT) {
            return (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((Number) v).longValue();
            };
        }
        if ((source == SqlTypeName.SMALLINT || source == SqlTypeName.TINYINT) && target == SqlTypeName.INTEGER) {
            return (row, params) -> {
                Object v = e.eval(row, params);
                return v == null ? null : ((Number) v).intValue();
            };
        }
        if (source == target && !SqlTypeName.CHAR_TYPES.contains(source) && source != SqlTypeName.DECIMAL) {
            return e; // nullability change only
        }
        throw new Unsupported(call.toString());
    }

    private static Expr comparison(org.apache.calcite.sql.SqlKind kind, Expr x, Expr y) {
        return (row, params) -> {
            Object a = x.eval(row, params);
            Object b = y.eval(row, params);
            if (a == null || b == null) {
                return null;
            }
            int c = compare(a, b);
            return switch (kind) {
                case EQUALS -> c == 0;
                case NOT_EQUALS -> c != 0;
                case LESS_THAN -> c < 0;
                case LESS_THAN_OR_EQUAL -> c <= 0;
                case GREATER_THAN -> c > 0;
                default -> c >= 0;
            };
        };
    }

    /** Compares two non-null values of one family (text, binary unsigned, numbers, booleans). */
    static int compare(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        if (a instanceof byte[] s && b instanceof byte[] t) {
            return Arrays.compareUnsigned(s, t);
        }
        if (a instanceof Boolean s && b instanceof Boolean t) {
            return Boolean.compare(s, t);
        }
        Number m = (Number) a;
        Number n = (Number) b;
        if (!(m instanceof BigDecimal) && !(n instanceof BigDecimal)) {
            return Long.compare(m.longValue(), n.longValue());
        }
        return toDecimal(m).compareTo(toDecimal(n));
    }

    private static BigDecimal toDecimal(Number n) {
        return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
    }

    /** The regular expression of a SQL LIKE pattern without escape: {@code %} any run, {@code _} one character. */
    static Pattern likePattern(String like) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '%' || c == '_') {
                if (lit.length() > 0) {
                    re.append(Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                re.append(c == '%' ? "(?s:.*)" : "(?s:.)");
            } else {
                lit.append(c);
            }
        }
        if (lit.length() > 0) {
            re.append(Pattern.quote(lit.toString()));
        }
        return Pattern.compile(re.toString());
    }
}
