package io.kvstore.jdbc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import schemacrawler.schema.Catalog;
import schemacrawler.schema.Column;
import schemacrawler.schema.Table;
import schemacrawler.schema.TableConstraintColumn;
import schemacrawler.schemacrawler.LoadOptionsBuilder;
import schemacrawler.schemacrawler.SchemaCrawlerOptions;
import schemacrawler.schemacrawler.SchemaCrawlerOptionsBuilder;
import schemacrawler.schemacrawler.SchemaInfoLevelBuilder;
import schemacrawler.tools.utility.SchemaCrawlerUtility;
import us.fatehi.utility.datasource.DatabaseConnectionSource;
import us.fatehi.utility.datasource.DatabaseConnectionSources;
import us.fatehi.utility.datasource.MultiUseUserCredentials;

/** SchemaCrawler 16 reads the driver's metadata: the kv table, its columns and its primary key. */
class SchemaCrawlerIT {
    @Test
    void getCatalog_standardInfoLevel_findsKvTableColumnsAndPrimaryKey() throws Exception {
        String url = "jdbc:kvstore:" + ItPaths.freshDir("schemacrawler").resolve("store");
        SchemaCrawlerOptions options = SchemaCrawlerOptionsBuilder.newSchemaCrawlerOptions()
                .withLoadOptions(LoadOptionsBuilder.builder()
                        .withSchemaInfoLevel(SchemaInfoLevelBuilder.standard())
                        .withMaxThreads(1)
                        .toOptions());
        DatabaseConnectionSource source =
                DatabaseConnectionSources.newDatabaseConnectionSource(url, new MultiUseUserCredentials("", ""));
        try {
            Catalog catalog = SchemaCrawlerUtility.getCatalog(source, options);
            List<Table> kv = catalog.getTables().stream().filter(t -> t.getName().equalsIgnoreCase("kv")).toList();
            assertEquals(1, kv.size(), () -> "tables: " + catalog.getTables());
            Table table = kv.get(0);
            assertEquals(List.of("key", "value"),
                    table.getColumns().stream().map(Column::getName).map(String::toLowerCase).toList());
            assertTrue(table.hasPrimaryKey(), "no primary key on kv");
            assertEquals(List.of("key"), table.getPrimaryKey().getConstrainedColumns().stream()
                    .map(TableConstraintColumn::getName).map(String::toLowerCase).toList());
        } finally {
            source.close();
        }
    }
}
