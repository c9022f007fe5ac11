package io.kvstore.jdbc.exec;

import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;
import org.apache.calcite.avatica.util.DateTimeUtils;

/**
 * Turns the engine's timestamps (UTC epoch milliseconds) into the {@link Timestamp} cells Calcite's runtime gives
 * for {@code kv_meta}'s TIMESTAMP columns: the adapter shifts them into the connection's time zone (that of
 * {@code CURRENT_TIMESTAMP}), and Avatica turns that local value back into a {@code Timestamp} with a calendar of
 * the same zone. The driver sets no Calcite {@code timeZone}, so the zone is the JVM default, read once per
 * execution as Calcite reads it per statement. Not thread-safe: one per execution.
 */
final class MetaTimestamps {
    private final TimeZone zone = TimeZone.getDefault();
    private final Calendar calendar = Calendar.getInstance(zone, Locale.ROOT);

    /** The cell for {@code epochMillis}. */
    Timestamp timestamp(long epochMillis) {
        long local = epochMillis + zone.getOffset(epochMillis);
        return DateTimeUtils.unixTimestampToSqlTimestamp(local, calendar);
    }
}
