"""Glue's transform classes: each one is called as ``Transform.apply(frame=..., ...)`` (or an instance call)."""

from __future__ import annotations

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection


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
        assert isinstance(frame1, DynamicFrame) and isinstance(frame2, DynamicFrame), "Join takes two DynamicFrames"
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
    """Drop the fields that are null in every record."""

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.drop_null_fields(transformation_ctx, info, stageThreshold, totalThreshold)


class SelectFromCollection(GlueTransform):
    def __call__(self, dfc, key, transformation_ctx=""):
        assert isinstance(dfc, DynamicFrameCollection), "SelectFromCollection takes a DynamicFrameCollection"
        return dfc.select(key, transformation_ctx)


__all__ = [
    "ApplyMapping",
    "DropFields",
    "DropNullFields",
    "Filter",
    "GlueTransform",
    "Join",
    "RenameField",
    "SelectFields",
    "SelectFromCollection",
]
