"""Glue's transform classes: each one is called as ``Transform.apply(frame=..., ...)`` (or an instance call)."""

from __future__ import annotations

from awsglue import gluetypes
from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection  # noqa: F401 - re-exported as on Glue


class GlueTransform:
    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    @classmethod
    def name(cls):
        return cls.__name__


class Join(GlueTransform):
    """Inner equality join of ``frame1[keys1]`` with ``frame2[keys2]``; see ``DynamicFrame.join``."""

    def __call__(self, frame1, frame2, keys1, keys2, transformation_ctx=""):
        return frame1.join(keys1, keys2, frame2, transformation_ctx)


class Filter(GlueTransform):
    """Keep the records for which ``f(record)`` is true; see ``DynamicFrame.filter`` for error handling."""

    def __call__(self, frame, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.filter(f, transformation_ctx, info, stageThreshold, totalThreshold)


class DropFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.drop_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class SelectFields(GlueTransform):
    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.select_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class SplitFields(GlueTransform):
    """A ``DynamicFrameCollection`` of two frames: ``name1`` with the fields at ``paths``, ``name2`` with the rest
    (unnamed: the frame's name, or "frame", + "1" / "2", as the official library names them)."""

    def __call__(
        self, frame, paths, name1=None, name2=None, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        frame_name = frame.name if len(frame.name) > 0 else "frame"
        if name1 is None:
            name1 = frame_name + "1"
        if name2 is None:
            name2 = frame_name + "2"
        return frame.split_fields(paths, name1, name2, transformation_ctx, info, stageThreshold, totalThreshold)


class RenameField(GlueTransform):
    def __call__(self, frame, old_name, new_name, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.rename_field(old_name, new_name, transformation_ctx, info, stageThreshold, totalThreshold)


class ApplyMapping(GlueTransform):
    """``mappings``: list of ``(source, source_type, target, target_type)``; unnamed fields are dropped."""

    def __call__(
        self,
        frame,
        mappings,
        case_sensitive=False,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
    ):
        return frame.apply_mapping(mappings, case_sensitive, transformation_ctx, info, stageThreshold, totalThreshold)


class DropNullFields(GlueTransform):
    """Drop the fields whose type in ``frame.schema()`` is NullType (null or absent in every record), as Glue's."""

    def _find_null_fields(self, ctx, schema, path, output):
        if isinstance(schema, gluetypes.StructType):
            for field in schema:
                prefix = path + "." if path else path
                self._find_null_fields(ctx, field.dataType, prefix + "`" + field.name + "`", output)
        elif isinstance(schema, gluetypes.ArrayType):
            if isinstance(schema.elementType, gluetypes.StructType):
                self._find_null_fields(ctx, schema.elementType, path, output)
        elif isinstance(schema, gluetypes.NullType):
            output.append(path)

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        null_fields: list[str] = []
        self._find_null_fields(frame.glue_ctx, frame.schema(), "", null_fields)
        return DropFields.apply(frame, null_fields, transformation_ctx, info, stageThreshold, totalThreshold)


class Map(GlueTransform):
    """``frame.map(f)``: see ``DynamicFrame.map`` for what an exception does."""

    def __call__(
        self, frame, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        return frame.map(f, preservesPartitioning, transformation_ctx, info, stageThreshold, totalThreshold)


class Spigot(GlueTransform):
    def __call__(self, frame, path, options, transformation_ctx=""):
        return frame.spigot(path, options, transformation_ctx)


class ResolveChoice(GlueTransform):
    def __call__(
        self,
        frame,
        specs=None,
        choice="",
        database=None,
        table_name=None,
        transformation_ctx="",
        info="",
        stageThreshold=0,
        totalThreshold=0,
        catalog_id=None,
    ):
        return frame.resolveChoice(
            specs, choice, database, table_name, transformation_ctx, info, stageThreshold, totalThreshold, catalog_id
        )


class Union(GlueTransform):
    """As shipped in the official library (5.1.0), ``Union.apply`` fails: its body names an undefined variable.

    Glue Studio's Union node does not use it (it generates a ``sparkUnion`` SQL helper); ``frame1.union(frame2)``
    works. Kept failing here with the same error, so that a script that fails on Glue fails locally too.
    """

    def __call__(self, frame1, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        raise NameError("name 'mappings' is not defined")


class Repartition(GlueTransform):
    def __call__(self, frame, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.repartition(num_partitions, transformation_ctx, info, stageThreshold, totalThreshold)


class Coalesce(GlueTransform):
    def __call__(
        self, frame, num_partitions, shuffle=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0
    ):
        return frame.coalesce(num_partitions, shuffle, transformation_ctx, info, stageThreshold, totalThreshold)


class ErrorsAsDynamicFrame(GlueTransform):
    def __call__(self, frame):
        return frame.errorsAsDynamicFrame()


class SelectFromCollection(GlueTransform):
    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)


class MapToCollection(GlueTransform):
    def __call__(self, dfc, callable, transformation_ctx=""):
        return dfc.map(callable, transformation_ctx)


class FlatMap(GlueTransform):
    def __call__(self, dfc, BaseTransform, frame_name, transformation_ctx="", **base_kwargs):
        def apply_inner(frame, transformation_ctx):
            return BaseTransform.apply(**{**base_kwargs, frame_name: frame, "transformation_ctx": transformation_ctx})

        return dfc.flatmap(apply_inner, transformation_ctx)


ALL_TRANSFORMS = {
    ApplyMapping, Coalesce, DropFields, DropNullFields, ErrorsAsDynamicFrame, Filter, FlatMap, Join, Map,
    MapToCollection, RenameField, Repartition, ResolveChoice, SelectFields, SelectFromCollection, Spigot,
    SplitFields, Union,
}  # fmt: skip

__all__ = sorted(t.__name__ for t in ALL_TRANSFORMS)  # as on Glue: GlueTransform is not star-exported


def get_transforms():
    return {transform() for transform in ALL_TRANSFORMS}


def get_transform(name):
    matches = [t for t in get_transforms() if t.name().lower() == name.lower()]
    return matches[0] if matches else None
