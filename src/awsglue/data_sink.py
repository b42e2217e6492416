"""``DataSink``: writes a DynamicFrame to the lake and, when asked, registers it in the local catalog."""

from __future__ import annotations

from awsglue.catalog import columns_from_schema

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
        """:param format: glueparquet, parquet, json or csv; options e.g. ``compression="snappy"``"""
        if format.lower() not in _FORMATS:
            raise ValueError(f"sink {self._ctx}: format '{format}' is not supported locally ({sorted(_FORMATS)})")
        self._format = format.lower()
        self._format_options = options

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=None):
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
        partition_keys = self._options.get("partitionKeys") or []
        df = dynamic_frame.toDF()
        writer = df.write.mode("append")
        if partition_keys:
            writer = writer.partitionBy(*partition_keys)
        compression = self._format_options.get("compression")
        if compression:
            writer = writer.option("compression", compression)
        spark_format = _FORMATS[self._format]
        target = self._glue_context._local_path(uri)
        writer.format(spark_format).save(str(target))
        if self._options.get("enableUpdateCatalog"):
            self._register(uri, df.schema, spark_format)
        return dynamic_frame

    def write(self, dynamic_frame_or_dfc, info=""):
        return self.writeFrame(dynamic_frame_or_dfc, info)

    def _register(self, uri: str, schema, spark_format: str) -> None:
        if self._catalog is None:
            raise ValueError(f"sink {self._ctx}: enableUpdateCatalog=True needs setCatalogInfo(database, table)")
        database, table_name = self._catalog
        partition_keys = self._options.get("partitionKeys") or []
        columns = columns_from_schema(schema)
        self._glue_context.catalog.put_table(
            {
                "Name": table_name,
                "DatabaseName": database,
                "TableType": "EXTERNAL_TABLE",
                "Parameters": {"classification": spark_format},
                "StorageDescriptor": {
                    "Columns": [c for c in columns if c["Name"] not in partition_keys],
                    "Location": uri,
                },
                "PartitionKeys": [c for c in columns if c["Name"] in partition_keys],
            }
        )
