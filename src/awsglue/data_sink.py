"""``DataSink``: writes a DynamicFrame to the lake and, when asked, registers it in the local catalog."""

from __future__ import annotations

from collections import Counter

from awsglue.catalog import TableNotFound, columns_from_schema

_FORMATS = {"glueparquet": "parquet", "parquet": "parquet", "json": "json", "csv": "csv"}


class DataSink:
    def __init__(self, glue_context, options: dict, transformation_ctx: str = ""):
        self._glue_context = glue_context
        self._options = dict(options)
        self._ctx = transformation_ctx
        self._format = None
        self._format_options: dict = {}
        self._catalog = None

    def setFormat(self, format, **options):
        """:param format: glueparquet, parquet, json or csv; options e.g. ``compression="snappy"``, CSV's
        ``separator``, ``quoteChar``, ``writeHeader`` (default true)"""
        if not format or format.lower() not in _FORMATS:
            raise ValueError(f"sink {self._ctx}: format '{format}' is not supported locally ({sorted(_FORMATS)})")
        self._format = format.lower()
        self._format_options = options

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=""):
        self._catalog = (catalogDatabase, catalogTableName)

    def setAccumulableSize(self, size):
        pass

    def writeFrame(self, dynamic_frame, info=""):
        """Append the frame's records under ``path`` (Glue sinks append; purge first to replace)."""
        if self._format is None:
            raise ValueError(f"sink {self._ctx}: call setFormat before writeFrame")
        uri = self._options.get("path")
        if not uri:
            raise ValueError(f"sink {self._ctx}: getSink needs path=...")
        df = dynamic_frame.toDF()
        # Spark refuses to write duplicate names (case-insensitively); say which, naming the sink. What Glue's own
        # sink does with them is not documented (unverified): a DynamicFrame record cannot hold one key twice.
        duplicates = sorted(n for n, k in Counter(c.lower() for c in df.columns).items() if k > 1)
        if duplicates:
            raise ValueError(f"sink {self._ctx}: duplicate column name(s) {duplicates} in the frame written to {uri}")
        partition_keys = self._options.get("partitionKeys") or []
        writer = df.write.mode("append")
        if partition_keys:
            writer = writer.partitionBy(*partition_keys)
        compression = self._format_options.get("compression", self._options.get("compression"))
        if compression:
            writer = writer.option("compression", compression)
        if self._format == "csv":
            quote = self._format_options.get("quoteChar", '"')
            writer = (
                writer.option("header", str(self._format_options.get("writeHeader", True)).lower())
                .option("sep", self._format_options.get("separator", ","))
                .option("quote", "\u0000" if str(quote) == "-1" else quote)
            )
        spark_format = _FORMATS[self._format]
        writer.format(spark_format).save(str(self._glue_context._local_path(uri)))
        if str(self._options.get("enableUpdateCatalog", "false")).lower() == "true":
            self._register(uri, df.schema, spark_format)
        return dynamic_frame

    def write(self, dynamic_frame_or_dfc, info=""):
        return self.writeFrame(dynamic_frame_or_dfc, info)

    def _register(self, uri: str, schema, spark_format: str) -> None:
        """Create or update the table, as Glue's ``enableUpdateCatalog``: ``updateBehavior`` ``UPDATE_IN_DATABASE``
        (the default) sets the table's schema and location from this write; ``LOG`` leaves an existing table's
        schema and location as they are."""
        if self._catalog is None:
            raise ValueError(f"sink {self._ctx}: enableUpdateCatalog=True needs setCatalogInfo(database, table)")
        database, table_name = self._catalog
        catalog = self._glue_context.catalog
        behavior = self._options.get("updateBehavior", "UPDATE_IN_DATABASE")
        if behavior not in ("UPDATE_IN_DATABASE", "LOG"):
            raise ValueError(f"sink {self._ctx}: updateBehavior must be UPDATE_IN_DATABASE or LOG, got '{behavior}'")
        try:
            existing = catalog.get_table(database, table_name)
        except TableNotFound:
            existing = None
        if existing is not None and behavior == "LOG":
            return
        partition_keys = self._options.get("partitionKeys") or []
        columns = columns_from_schema(schema)
        table = dict(existing or {"Name": table_name, "DatabaseName": database, "TableType": "EXTERNAL_TABLE"})
        table["Parameters"] = {**table.get("Parameters", {}), "classification": spark_format}
        table["StorageDescriptor"] = {
            **table.get("StorageDescriptor", {}),
            "Columns": [c for c in columns if c["Name"] not in partition_keys],
            "Location": uri,
        }
        table["PartitionKeys"] = [c for c in columns if c["Name"] in partition_keys]
        catalog.put_table(table)
