package io.kvstore.jdbc.exec;

import io.kvstore.calcite.KvRowCount;
import io.kvstore.calcite.KvScanSpec;
import io.kvstore.jdbc.exec.text.TextParser;
import io.kvstore.jdbc.exec.text.TextStatement;
import io.kvstore.jdbc.exec.text.TextStatement.Call;
import io.kvstore.jdbc.exec.text.TextStatement.Column;
import io.kvstore.jdbc.exec.text.TextStatement.CountAll;
import io.kvstore.jdbc.exec.text.TextStatement.Item;
import io.kvstore.jdbc.exec.text.TextStatement.Lookup;
import io.kvstore.jdbc.exec.text.TextStatement.Operand;
import io.kvstore.jdbc.exec.text.TextStatement.Range;
import io.kvstore.jdbc.exec.text.TextStatement.RowCount;
import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A front door to the same {@link Executor}s that {@link PlanRecognizer} builds from Calcite's plans, for the
 * single-table statements on {@code kv} that people type first, read from the text alone so that they need no
 * Calcite planning at all: a new JVM's first statement would otherwise wait about a second for Calcite's parser,
 * validator and planner to load (docs/benchmarks.md, "First Calcite statement (session 7, issue 11)").
 *
 * <p>The subset is {@link TextParser}'s grammar: SELECT of {@code *}, {@code key}, {@code value} and
 * {@code TEXT}, {@code BYTES}, {@code CHAR_LENGTH}, {@code CHARACTER_LENGTH}, {@code OCTET_LENGTH}, {@code UPPER},
 * {@code LOWER} of them (nested, aliased, qualified), or {@code count(*)}; WHERE key lookups ({@code =},
 * {@code IN}, {@code OR}) or key ranges ({@code < <= > >=}, {@code BETWEEN}, {@code LIKE 'prefix%'}, ANDed);
 * {@code ORDER BY key [ASC|DESC]}; {@code LIMIT}/{@code OFFSET}/{@code FETCH FIRST n ROWS ONLY} (literals or
 * {@code ?}); filters on the rows read ({@code value IS [NOT] NULL}, {@code TEXT(value) LIKE ...}, comparisons
 * with a literal, {@code key <> 'x'}, {@code key LIKE '%x'}); text concatenation {@code ||}; integer arithmetic,
 * {@code CAST}, {@code SUBSTRING}, {@code TRIM}, {@code POSITION} (session 10, evaluated by {@link ScalarFunctions} as
 * the plan path evaluates Calcite's calls); {@code SELECT 1}-style literals without FROM and one-row
 * {@code VALUES} (a {@link Pipeline.Values} row, as the recognizer runs Calcite's VALUES); INSERT of literal
 * rows or one row with {@code ?}; UPDATE of {@code value} and DELETE by key lookups, key ranges or of every row,
 * with filters (ranges, filters and every row since session 10); joins of kv with itself on {@code b.key = a.key}
 * or {@code b.key = TEXT(a.value)} over key lookups or ranges of {@code a} (session 11: a {@link Pipeline.Join},
 * as the recognizer runs Calcite's {@code KvLookupJoin}). Everything else goes to Calcite. This class builds, from the parsed statement, the executor
 * the recognizer makes for Calcite's plan of the same text: key lookups as {@link Pipeline.Lookup}, full scans as
 * {@link CursorSource#FULL}, ranges, ORDER BY key and a row count over a full scan (Calcite's cheapest plan for it) as
 * a {@link RangeCursorSource} with the offset and fetch pushed in ({@code KvScanSpec.orderedRead}), filters as the
 * condition of a {@link Pipeline.Calc} evaluated with the plan path's comparisons and LIKE, count(*) counted by {@link
 * QueryExecutor} (O(1) over the whole table outside a transaction), projections evaluated by {@link
 * ScalarFunctions#unary}; result metadata and parameter types as Calcite derives them (key parameters VARCHAR, values
 * VARBINARY, row counts INTEGER).
 * {@code TextFrontDoorEquivalenceTest} compares every accepted shape with Calcite's answer: metadata, rows,
 * counts, parameter metadata and errors.
 *
 * <p>Stateless and thread-safe; {@link #recognize} never throws.
 */
public final class TextFrontDoor {
    private TextFrontDoor() {
    }

    /** The executor for {@code sql}, or null to let Calcite plan it. */
    public static Executor recognize(String sql, PlanRecognizer.ColumnSizes sizes) {
        TextStatement s = TextParser.parse(sql);
        if (s == null) {
            return null;
        }
        try {
            if (s instanceof TextStatement.Select select) {
                return select(select, sizes);
            }
            if (s instanceof TextStatement.Join join) {
                return join(join, sizes);
            }
            if (s instanceof TextStatement.Grouped grouped) {
                return grouped(grouped, sizes);
            }
            if (s instanceof TextStatement.Literals literals) {
                return literals(literals);
            }
            if (s instanceof TextStatement.Insert insert) {
                return insert(insert);
            }
            if (s instanceof TextStatement.Update update) {
                return update(update);
            }
            return delete((TextStatement.Delete) s);
        } catch (RuntimeException e) {
            return null; // e.g. a literal key that is not valid key text: Calcite reports it
        }
    }

    /**
     * The SQL type of a select expression as Calcite derives it.
     *
     * @param precision as reported (0 when unspecified)
     */
    private record SqlType(int type, String name, int precision, boolean nullable) {
    }

    private static final SqlType INTEGER = new SqlType(Types.INTEGER, "INTEGER", 10, false);
    private static final SqlType BIGINT = new SqlType(Types.BIGINT, "BIGINT", 19, false);

    private static SqlType integer(boolean big, boolean nullable) {
        return big ? new SqlType(Types.BIGINT, "BIGINT", 19, nullable)
                : new SqlType(Types.INTEGER, "INTEGER", 10, nullable);
    }

    private static SqlType typeOf(TextStatement.Expr e) {
        if (e instanceof Column c) {
            return c.index() % 2 == 0 ? new SqlType(Types.VARCHAR, "VARCHAR", 0, false)
                    : new SqlType(Types.VARBINARY, "VARBINARY", 0, false);
        }
        if (e instanceof CountAll) {
            return new SqlType(Types.BIGINT, "BIGINT", 19, false);
        }
        if (e instanceof TextStatement.Concat c) {
            return new SqlType(Types.VARCHAR, "VARCHAR", 0, typeOf(c.left()).nullable() || typeOf(c.right()).nullable());
        }
        if (e instanceof TextStatement.Text) {
            return new SqlType(Types.VARCHAR, "VARCHAR", 0, false); // only inside a Concat
        }
        if (e instanceof TextStatement.IntLit i) {
            return i.isBig() ? BIGINT : INTEGER;
        }
        if (e instanceof TextStatement.Arith a) {
            boolean nullable = typeOf(a.left()).nullable() || typeOf(a.right()).nullable();
            return integer(TextParser.isBigint(a), nullable);
        }
        if (e instanceof TextStatement.Neg n) {
            return typeOf(n.arg());
        }
        if (e instanceof TextStatement.Position p) {
            return integer(false, typeOf(p.seek()).nullable() || typeOf(p.s()).nullable());
        }
        if (e instanceof TextStatement.Substring sub) {
            boolean nullable = typeOf(sub.s()).nullable() || typeOf(sub.start()).nullable()
                    || sub.length() != null && typeOf(sub.length()).nullable();
            return new SqlType(Types.VARCHAR, "VARCHAR", 0, nullable);
        }
        if (e instanceof TextStatement.Trim trim) {
            return new SqlType(Types.VARCHAR, "VARCHAR", 0, typeOf(trim.s()).nullable());
        }
        if (e instanceof TextStatement.Cast c) {
            boolean nullable = typeOf(c.arg()).nullable();
            return switch (c.type()) {
                case "INTEGER" -> integer(false, nullable);
                case "BIGINT" -> integer(true, nullable);
                case "VARCHAR" -> new SqlType(Types.VARCHAR, "VARCHAR", Math.max(c.precision(), 0), nullable);
                default -> new SqlType(Types.VARBINARY, "VARBINARY", 0, nullable);
            };
        }
        Call call = (Call) e;
        SqlType arg = typeOf(call.arg());
        return switch (call.name()) {
            case "TEXT" -> new SqlType(Types.VARCHAR, "VARCHAR", 0, true);
            case "BYTES" -> new SqlType(Types.VARBINARY, "VARBINARY", 0, true);
            case "UPPER", "LOWER" -> arg;
            default -> new SqlType(Types.INTEGER, "INTEGER", 10, arg.nullable()); // the lengths
        };
    }

    private static Expr compile(TextStatement.Expr e) {
        if (e instanceof Column c) {
            int i = c.index();
            return (row, p) -> row[i];
        }
        if (e instanceof TextStatement.Text t) {
            String literal = t.literal();
            return (row, p) -> literal;
        }
        if (e instanceof TextStatement.Concat c) {
            Expr x = compile(c.left());
            Expr y = compile(c.right());
            return (row, p) -> {
                Object a = x.eval(row, p);
                Object b = y.eval(row, p);
                return a == null || b == null ? null : (String) a + b; // as the plan path's ||
            };
        }
        if (e instanceof TextStatement.IntLit i) {
            Object v = i.isBig() ? (Object) i.value() : (Object) (int) i.value();
            return (row, p) -> v;
        }
        if (e instanceof TextStatement.Bool b) {
            Boolean v = b.value();
            return (row, p) -> v;
        }
        if (e instanceof TextStatement.Arith a) {
            return ScalarFunctions.arithmetic(a.op(), compile(a.left()), compile(a.right()), TextParser.isBigint(a));
        }
        if (e instanceof TextStatement.Neg n) {
            return ScalarFunctions.negate(compile(n.arg()), TextParser.isBigint(n));
        }
        if (e instanceof TextStatement.Position p) {
            return ScalarFunctions.position(compile(p.seek()), compile(p.s()));
        }
        if (e instanceof TextStatement.Substring sub) {
            return ScalarFunctions.substring(compile(sub.s()), compile(sub.start()),
                    sub.length() == null ? null : compile(sub.length()));
        }
        if (e instanceof TextStatement.Trim trim) {
            String chars = trim.chars();
            return ScalarFunctions.trim(trim.leading(), trim.trailing(), (row, p) -> chars, compile(trim.s()));
        }
        if (e instanceof TextStatement.Cast c) {
            Expr arg = compile(c.arg());
            boolean fromText = typeOf(c.arg()).type() == Types.VARCHAR;
            boolean fromBinary = typeOf(c.arg()).type() == Types.VARBINARY;
            return switch (c.type()) {
                case "INTEGER" -> ScalarFunctions.textToInteger(arg, false);
                case "BIGINT" -> fromText ? ScalarFunctions.textToInteger(arg, true) : (row, p) -> {
                    Object v = arg.eval(row, p);
                    return v == null ? null : ((Number) v).longValue();
                };
                case "VARCHAR" -> fromBinary ? ScalarFunctions.binaryToText(arg, c.precision())
                        : fromText ? cut(arg, c.precision()) : ScalarFunctions.integerToText(arg);
                default -> ScalarFunctions.unary("BYTES", arg);
            };
        }
        Call call = (Call) e;
        return ScalarFunctions.unary(call.name(), compile(call.arg()));
    }

    /** {@code CAST(text AS VARCHAR(n))}: the first {@code n} characters. */
    private static Expr cut(Expr arg, int n) {
        return (row, p) -> {
            Object v = arg.eval(row, p);
            return v == null || ((String) v).length() <= n ? v : ((String) v).substring(0, n);
        };
    }

    /**
     * {@code SELECT literals} without FROM: one row of constants over {@link Pipeline.Values}, as the recognizer runs
     * Calcite's VALUES; a string is CHAR of its length, an integer INTEGER, TRUE/FALSE BOOLEAN.
     */
    private static Executor literals(TextStatement.Literals s) {
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        Object[] row = new Object[s.items().size()];
        for (int i = 0; i < row.length; i++) {
            Item it = s.items().get(i);
            TextStatement.Expr e = it.expr();
            if (e instanceof TextStatement.Neg n) {
                row[i] = -(int) ((TextStatement.IntLit) n.arg()).value();
                cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.INTEGER, "INTEGER", 10, 0, false));
            } else if (e instanceof TextStatement.IntLit lit) {
                row[i] = (int) lit.value();
                cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.INTEGER, "INTEGER", 10, 0, false));
            } else if (e instanceof TextStatement.Text text) {
                row[i] = text.literal();
                cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.CHAR, "CHAR",
                        text.literal().length(), 0, false));
            } else {
                row[i] = ((TextStatement.Bool) e).value();
                cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.BOOLEAN, "BOOLEAN", 1, 0, false));
            }
        }
        Pipeline pipeline = new Pipeline(new Pipeline.Values(List.<Object[]>of(row)), List.of());
        return new QueryExecutor(pipeline, null, new KvResultSetMetaData(cols), new int[0], null, null);
    }

    private static Executor select(TextStatement.Select s, PlanRecognizer.ColumnSizes sizes) {
        List<Item> items = s.items();
        int[] types = parameterTypes(s);
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        Expr filter = filter(s.filters());
        if (items.get(0).expr() instanceof CountAll) {
            cols.add(expression(items.get(0)));
            Pipeline.Source source = s.where() == null ? new Pipeline.Scan(CursorSource.FULL) : source(s, false);
            Pipeline counted = new Pipeline(source, List.of());
            Pipeline pipeline = filter == null ? counted
                    : new Pipeline(source, List.of(new Pipeline.Calc(filter, null)));
            return new QueryExecutor(pipeline, counted, new KvResultSetMetaData(cols), types, null, null);
        }
        Expr[] projects = new Expr[items.size()];
        int[] scanColumns = new int[items.size()];
        boolean identity = items.size() == 2;
        boolean plain = true;
        for (int c = 0; c < items.size(); c++) {
            Item it = items.get(c);
            projects[c] = compile(it.expr());
            if (it.expr() instanceof Column col) {
                int k = col.index();
                cols.add(KvResultSetMetaData.Column.kv(it.label(), k == 0 ? "key" : "value",
                        k == 0 ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
                scanColumns[c] = k;
                identity &= k == c;
            } else {
                cols.add(expression(it));
                plain = false;
                identity = false;
            }
        }
        KvResultSetMetaData metaData = new KvResultSetMetaData(cols);
        // a row count over a full scan (literal or ?) is an ordered read with the rows pushed in, as Calcite plans
        // it at every table size (a range read of at most the fetch costs less than the scan)
        boolean ordered = s.orderBy() != null || s.where() instanceof Range
                || s.where() == null && (s.offset() != null || s.fetch() != null);
        List<Pipeline.Step> steps = new ArrayList<>();
        if (filter != null) {
            steps.add(new Pipeline.Calc(filter, null));
            plain = false;
        }
        Pipeline.Limit limit = null;
        if (!ordered && (s.offset() != null || s.fetch() != null)) {
            limit = new Pipeline.Limit(bound(s.offset(), true), bound(s.fetch(), false));
            steps.add(limit);
        }
        if (!identity) {
            steps.add(new Pipeline.Calc(null, projects));
        }
        Pipeline.Source source = s.where() == null && !ordered ? new Pipeline.Scan(CursorSource.FULL)
                : source(s, true);
        Pipeline pipeline = new Pipeline(source, steps);
        if (source instanceof Pipeline.Scan && plain) {
            return new QueryExecutor(pipeline, null, metaData, types, scanColumns, limit);
        }
        return new QueryExecutor(pipeline, null, metaData, types, null, null);
    }

    /**
     * A SELECT over a join of kv with itself (session 11) as the recognizer runs Calcite's plan of it, a
     * {@code KvLookupJoin}: the outer rows of the WHERE clause (key lookups or an ordered range read, nothing pushed
     * in), with {@code TEXT(value)} beside them when that is the key looked up, a {@link Pipeline.Join} (one lookup
     * per row, input order), the joined row {@code {a.key, a.value, b.key, b.value}}, then the filters, the offset
     * and fetch and the projection. The looked-up table's columns are described as kv's columns, not nullable, even
     * under a LEFT join (Calcite's runtime describes them so).
     */
    private static Executor join(TextStatement.Join j, PlanRecognizer.ColumnSizes sizes) {
        TextStatement.Select s = j.select();
        List<Pipeline.Step> steps = new ArrayList<>();
        Pipeline.JoinKind kind = j.left() ? Pipeline.JoinKind.LEFT : Pipeline.JoinKind.INNER;
        if (j.onValue()) {
            Expr text = ScalarFunctions.unary("TEXT", (row, p) -> row[1]);
            steps.add(new Pipeline.Calc(null, new Expr[] {(row, p) -> row[0], (row, p) -> row[1], text}));
            steps.add(new Pipeline.Join(2, kind));
            steps.add(new Pipeline.Calc(null, new Expr[] {(row, p) -> row[0], (row, p) -> row[1],
                    (row, p) -> row[3], (row, p) -> row[4]}));
        } else {
            steps.add(new Pipeline.Join(0, kind));
        }
        Expr filter = filter(s.filters());
        if (filter != null) {
            steps.add(new Pipeline.Calc(filter, null));
        }
        if (s.offset() != null || s.fetch() != null) {
            steps.add(new Pipeline.Limit(bound(s.offset(), true), bound(s.fetch(), false)));
        }
        List<Item> items = s.items();
        Expr[] projects = new Expr[items.size()];
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        for (int c = 0; c < projects.length; c++) {
            Item it = items.get(c);
            projects[c] = compile(it.expr());
            if (it.expr() instanceof Column col) {
                boolean key = col.index() % 2 == 0;
                cols.add(KvResultSetMetaData.Column.kv(it.label(), key ? "key" : "value",
                        key ? sizes.maxKeyBytes() : sizes.maxValueBytes()));
            } else {
                cols.add(expression(it));
            }
        }
        steps.add(new Pipeline.Calc(null, projects));
        Pipeline pipeline = new Pipeline(source(s, false), steps);
        return new QueryExecutor(pipeline, null, new KvResultSetMetaData(cols), parameterTypes(s), null, null);
    }

    /**
     * A grouped SELECT as the recognizer runs Calcite's plan of it: the rows of the WHERE clause (lookups, an
     * ordered range read or a full scan, then the filters), projected to the group expression and each aggregate's
     * argument, a {@link Pipeline.Group} (hash aggregate, Calcite's order), a projection to the select items, then an
     * ORDER BY of one item (NULLs last ascending, first descending, as Calcite's default) and a LIMIT.
     */
    private static Executor grouped(TextStatement.Grouped s, PlanRecognizer.ColumnSizes sizes) {
        List<Item> items = s.items();
        TextStatement.Select where = new TextStatement.Select(List.of(), s.where(), s.filters(), null, null, null);
        if (s.group() instanceof Column) {
            // GROUP BY key, as Calcite plans it: no aggregate, each row read once with a count of 1
            List<KvResultSetMetaData.Column> cols = new ArrayList<>();
            Expr[] project = new Expr[items.size()];
            for (int i = 0; i < project.length; i++) {
                Item it = items.get(i);
                if (it.expr() instanceof Column) {
                    project[i] = (row, p) -> row[0];
                    cols.add(KvResultSetMetaData.Column.kv(it.label(), "key", sizes.maxKeyBytes()));
                } else {
                    project[i] = (row, p) -> 1L;
                    cols.add(KvResultSetMetaData.Column.expression(it.label(), Types.BIGINT, "BIGINT", 19, 0, false));
                }
            }
            List<Pipeline.Step> steps = new ArrayList<>();
            Expr filter = filter(s.filters());
            if (filter != null) {
                steps.add(new Pipeline.Calc(filter, null));
            }
            steps.add(new Pipeline.Calc(null, project));
            Pipeline.Source source = s.where() == null ? new Pipeline.Scan(CursorSource.FULL) : source(where, false);
            return new QueryExecutor(new Pipeline(source, steps), null, new KvResultSetMetaData(cols),
                    parameterTypes(where), null, null);
        }
        List<Expr> inputs = new ArrayList<>();
        inputs.add(compile(s.group()));
        List<Grouping.Agg> aggs = new ArrayList<>();
        int[] outputIndex = new int[items.size()];
        List<KvResultSetMetaData.Column> cols = new ArrayList<>();
        SqlType groupType = typeOf(s.group());
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (!(it.expr() instanceof TextStatement.Agg a)) {
                outputIndex[i] = 0;
                cols.add(KvResultSetMetaData.Column.expression(it.label(), groupType.type(), groupType.name(),
                        groupType.precision(), 0, groupType.nullable()));
                continue;
            }
            int arg = -1;
            SqlType argType = null;
            if (a.arg() != null) {
                inputs.add(compile(a.arg()));
                arg = inputs.size() - 1;
                argType = typeOf(a.arg());
            }
            Grouping.Kind kind = switch (a.fn()) {
                case "COUNT" -> Grouping.Kind.COUNT;
                case "SUM" -> Grouping.Kind.SUM;
                case "MIN" -> Grouping.Kind.MIN;
                default -> Grouping.Kind.MAX;
            };
            SqlType t = kind == Grouping.Kind.COUNT ? BIGINT : argType;
            aggs.add(new Grouping.Agg(kind, arg, t.type() == Types.BIGINT));
            outputIndex[i] = aggs.size();
            cols.add(KvResultSetMetaData.Column.expression(it.label(), t.type(), t.name(), t.precision(), 0,
                    t.nullable()));
        }
        List<Pipeline.Step> steps = new ArrayList<>();
        Expr filter = filter(s.filters());
        if (filter != null) {
            steps.add(new Pipeline.Calc(filter, null));
        }
        steps.add(new Pipeline.Calc(null, inputs.toArray(new Expr[0])));
        steps.add(new Pipeline.Group(0, aggs.toArray(new Grouping.Agg[0])));
        Expr[] project = new Expr[items.size()];
        for (int i = 0; i < project.length; i++) {
            int f = outputIndex[i];
            project[i] = (row, p) -> row[f];
        }
        steps.add(new Pipeline.Calc(null, project));
        if (s.orderBy() >= 0) {
            steps.add(new Pipeline.Order(new int[] {s.orderBy()}, new boolean[] {s.descending()},
                    new boolean[] {s.descending()}));
        }
        if (s.fetch() != null) {
            steps.add(new Pipeline.Limit(null, bound(s.fetch(), false)));
        }
        Pipeline.Source source = s.where() == null ? new Pipeline.Scan(CursorSource.FULL) : source(where, false);
        return new QueryExecutor(new Pipeline(source, steps), null, new KvResultSetMetaData(cols),
                parameterTypes(where), null, null);
    }

    /**
     * The conjunction of {@code filters} as a Calc condition (a row passes when every filter is TRUE; NULL, as
     * from {@code TEXT} of bytes that are not UTF-8... never passes), or null for none. Comparisons and LIKE are
     * those of the plan path ({@link Exprs#compare}, {@link Exprs#likePattern}).
     */
    private static Expr filter(List<TextStatement.Filter> filters) {
        if (filters.isEmpty()) {
            return null;
        }
        List<Expr> conditions = new ArrayList<>();
        for (TextStatement.Filter f : filters) {
            Expr e = compile(f.expr());
            Object literal = f.literal() == null ? null : switch (f.family()) {
                case 'T' -> f.literal();
                case 'B' -> java.util.HexFormat.of().parseHex(f.literal());
                default -> Long.valueOf(f.literal());
            };
            conditions.add(switch (f.op()) {
                case "IS NULL" -> (row, p) -> e.eval(row, p) == null;
                case "IS NOT NULL" -> (row, p) -> e.eval(row, p) != null;
                case "LIKE" -> {
                    java.util.regex.Pattern pattern = Exprs.likePattern((String) literal);
                    yield (row, p) -> {
                        Object v = e.eval(row, p);
                        return v != null && pattern.matcher((String) v).matches();
                    };
                }
                default -> {
                    String op = f.op();
                    yield (row, p) -> {
                        Object v = e.eval(row, p);
                        if (v == null) {
                            return false;
                        }
                        int c = Exprs.compare(v, literal);
                        return switch (op) {
                            case "=" -> c == 0;
                            case "<>" -> c != 0;
                            case "<" -> c < 0;
                            case "<=" -> c <= 0;
                            case ">" -> c > 0;
                            default -> c >= 0;
                        };
                    };
                }
            });
        }
        Expr[] all = conditions.toArray(new Expr[0]);
        return (row, p) -> {
            for (Expr c : all) {
                if (!Boolean.TRUE.equals(c.eval(row, p))) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The column of a computed item, typed as Calcite types it. */
    private static KvResultSetMetaData.Column expression(Item it) {
        SqlType t = typeOf(it.expr());
        return KvResultSetMetaData.Column.expression(it.label(), t.type(), t.name(), t.precision(), 0, t.nullable());
    }

    /**
     * The source of a SELECT with a WHERE clause or an ORDER BY: key lookups, or an ordered read of the range with
     * the offset and fetch pushed in when {@code withRows}.
     */
    private static Pipeline.Source source(TextStatement.Select s, boolean withRows) {
        if (s.where() instanceof Lookup lookup) {
            List<Pipeline.Key> keys = new ArrayList<>();
            for (Operand o : lookup.keys()) {
                keys.add(key(o));
            }
            return new Pipeline.Lookup(keys);
        }
        Range r = s.where() instanceof Range range ? range : new Range(List.of(), List.of(), null);
        KvScanSpec spec = KvScanSpec.orderedRead(bounds(r.lows()), bounds(r.highs()), r.prefix(),
                Boolean.TRUE.equals(s.orderBy()), withRows ? rowCount(s.offset()) : null,
                withRows ? rowCount(s.fetch()) : null);
        return new Pipeline.Scan(new RangeCursorSource(spec));
    }

    private static List<KvScanSpec.RangeBound> bounds(List<TextStatement.Bound> bounds) {
        List<KvScanSpec.RangeBound> out = new ArrayList<>();
        for (TextStatement.Bound b : bounds) {
            out.add(new KvScanSpec.RangeBound(b.key().literal(), b.key().param(), b.inclusive()));
        }
        return out;
    }

    private static KvRowCount rowCount(RowCount c) {
        return c == null ? null : new KvRowCount(c.literal(), c.param());
    }

    /** An OFFSET or FETCH as a {@link Pipeline.Limit} bound. */
    private static Expr bound(RowCount c, boolean offset) {
        if (c == null) {
            return null;
        }
        if (c.isParam()) {
            int i = c.param();
            return (row, p) -> p[i];
        }
        Integer n = (int) c.literal();
        return offset && n == 0 ? null : (row, p) -> n;
    }

    /** VARCHAR for every key, INTEGER for every row count, in parameter order. */
    private static int[] parameterTypes(TextStatement.Select s) {
        List<int[]> found = new ArrayList<>(); // {index, type}
        if (s.where() instanceof Lookup l) {
            for (Operand o : l.keys()) {
                if (o.isParam()) {
                    found.add(new int[] {o.param(), Types.VARCHAR});
                }
            }
        } else if (s.where() instanceof Range r) {
            for (List<TextStatement.Bound> side : List.of(r.lows(), r.highs())) {
                for (TextStatement.Bound b : side) {
                    if (b.key().isParam()) {
                        found.add(new int[] {b.key().param(), Types.VARCHAR});
                    }
                }
            }
        }
        for (RowCount c : Arrays.asList(s.offset(), s.fetch())) {
            if (c != null && c.isParam()) {
                found.add(new int[] {c.param(), Types.INTEGER});
            }
        }
        int[] types = new int[found.size()];
        for (int[] f : found) {
            types[f[0]] = f[1]; // the parser numbers every ? it takes, each once
        }
        return types;
    }

    private static Pipeline.Key key(Operand o) {
        return o.isParam() ? new Pipeline.Key(null, o.param()) : new Pipeline.Key(o.literal(), -1);
    }

    /**
     * INSERT of its rows: VALUES rows of {key literal, value bytes, key parameter, value parameter} (-1 for a
     * literal), projected to (key, value), so that a single row is one atomic engine insert as on the plan path.
     */
    private static Executor insert(TextStatement.Insert s) {
        List<Object[]> rows = new ArrayList<>();
        int[] types = new int[0];
        for (TextStatement.Row r : s.rows()) {
            Operand k = r.key();
            TextStatement.ValueOperand v = r.value();
            rows.add(new Object[] {k.literal(), v.isParam() ? null : bytes(v), k.param(), v.param()});
            if (k.isParam()) {
                types = typed(types, k.param(), Types.VARCHAR);
            }
            if (v.isParam()) {
                types = typed(types, v.param(), Types.VARBINARY);
            }
        }
        Expr keyExpr = (row, p) -> (int) row[2] >= 0 ? p[(int) row[2]] : row[0];
        Expr valueExpr = (row, p) -> (int) row[3] >= 0 ? p[(int) row[3]] : row[1];
        Pipeline input = new Pipeline(new Pipeline.Values(List.copyOf(rows)),
                List.of(new Pipeline.Calc(null, new Expr[] {keyExpr, valueExpr})));
        return new WriteExecutor(WriteExecutor.Kind.INSERT, input, types, rows.size() == 1);
    }

    /** The bytes a value literal writes: a string's UTF-8 bytes (as Calcite converts it), a binary literal's. */
    private static byte[] bytes(TextStatement.ValueOperand v) {
        if (!v.hex()) {
            return v.literal().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return java.util.HexFormat.of().parseHex(v.literal());
    }

    /** {@code types} with parameter {@code index} of {@code type}, grown as needed. */
    private static int[] typed(int[] types, int index, int type) {
        int[] out = index < types.length ? types : Arrays.copyOf(types, index + 1);
        out[index] = type;
        return out;
    }

    /** Lookup keys and their parameter types (VARCHAR) added to {@code types}. */
    private static List<Pipeline.Key> keys(Lookup lookup, int[][] types) {
        List<Pipeline.Key> keys = new ArrayList<>();
        for (Operand o : lookup.keys()) {
            keys.add(key(o));
            if (o.isParam()) {
                types[0] = typed(types[0], o.param(), Types.VARCHAR);
            }
        }
        return keys;
    }

    private static Executor update(TextStatement.Update s) {
        TextStatement.ValueOperand v = s.value();
        int[][] types = {new int[0]};
        Expr value;
        if (v.isParam()) {
            int i = v.param();
            types[0] = typed(types[0], i, Types.VARBINARY);
            value = (row, p) -> p[i];
        } else {
            byte[] b = bytes(v);
            value = (row, p) -> b;
        }
        Expr[] projects = {(row, p) -> row[0], (row, p) -> row[1], value};
        Pipeline.Source source = writeSource(s.where(), types);
        List<Pipeline.Step> steps = new ArrayList<>();
        Expr filter = filter(s.filters());
        if (filter != null) {
            steps.add(new Pipeline.Calc(filter, null));
        }
        steps.add(new Pipeline.Calc(null, projects));
        return new WriteExecutor(WriteExecutor.Kind.UPDATE, new Pipeline(source, steps), types[0], false);
    }

    /**
     * The rows an UPDATE or DELETE reads: key lookups, a key range (an ordered read, as Calcite plans it) or every
     * row (null); key parameters added to {@code types} as VARCHAR.
     */
    private static Pipeline.Source writeSource(TextStatement.Where where, int[][] types) {
        if (where instanceof Lookup lookup) {
            return new Pipeline.Lookup(keys(lookup, types));
        }
        if (where instanceof Range r) {
            for (List<TextStatement.Bound> side : List.of(r.lows(), r.highs())) {
                for (TextStatement.Bound b : side) {
                    if (b.key().isParam()) {
                        types[0] = typed(types[0], b.key().param(), Types.VARCHAR);
                    }
                }
            }
            return new Pipeline.Scan(new RangeCursorSource(KvScanSpec.orderedRead(bounds(r.lows()),
                    bounds(r.highs()), r.prefix(), false, null, null)));
        }
        return new Pipeline.Scan(CursorSource.FULL);
    }

    /**
     * DELETE of the rows of a key lookup, a key range (an ordered read, as Calcite plans it) or a full scan, with the
     * filters as a Calc condition: the {@link WriteExecutor} reads every row before it deletes the first.
     */
    private static Executor delete(TextStatement.Delete s) {
        int[][] types = {new int[0]};
        Pipeline.Source source = writeSource(s.where(), types);
        Expr filter = filter(s.filters());
        List<Pipeline.Step> steps = filter == null ? List.of() : List.of(new Pipeline.Calc(filter, null));
        return new WriteExecutor(WriteExecutor.Kind.DELETE, new Pipeline(source, steps), types[0], false);
    }
}
