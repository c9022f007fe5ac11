package io.kvstore.jdbc.remote.protocol;

import io.kvstore.jdbc.result.KvResultSetMetaData;
import java.util.ArrayList;
import java.util.List;

/**
 * Result columns on the wire: a count, then per column the fields of {@link KvResultSetMetaData.Column} in
 * declaration order (label, name, type, typeName, className, nullable, precision, scale, displaySize, table,
 * schema, searchable). So a remote result set describes itself exactly as the embedded one. Stateless.
 */
public final class ColumnCodec {
    private ColumnCodec() {
    }

    public static void write(WireOut out, List<KvResultSetMetaData.Column> columns) {
        out.i32(columns.size());
        for (KvResultSetMetaData.Column c : columns) {
            out.string(c.label()).string(c.name()).i32(c.type()).string(c.typeName()).string(c.className())
                    .i32(c.nullable()).i32(c.precision()).i32(c.scale()).i32(c.displaySize()).string(c.table())
                    .string(c.schema()).bool(c.searchable());
        }
    }

    public static List<KvResultSetMetaData.Column> read(WireIn in) throws ProtocolException {
        int n = in.count(1 << 16, 40);
        List<KvResultSetMetaData.Column> cols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cols.add(new KvResultSetMetaData.Column(in.string(), in.string(), in.i32(), in.string(), in.string(),
                    in.i32(), in.i32(), in.i32(), in.i32(), in.string(), in.string(), in.bool()));
        }
        return cols;
    }
}
