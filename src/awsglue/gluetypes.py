"""Glue's own type classes, what ``DynamicFrame.schema()`` returns (not Spark's ``pyspark.sql.types``).

Names, constructors, ``typeName()`` and ``jsonValue()`` follow the official ``awsglue/gluetypes.py``;
``from_spark`` converts a Spark schema (local-runtime only).
"""

from __future__ import annotations

import json

from pyspark.sql import types as T


class DataType:
    def __init__(self, properties=None):
        self.properties = {} if properties is None else properties

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash(str(self.__class__))

    @classmethod
    def typeName(cls):
        return cls.__name__[: -len("Type")].lower()

    def jsonValue(self):
        return {"dataType": self.typeName(), "properties": self.properties}


class AtomicType(DataType):
    def __repr__(self):
        return f"{self.__class__.__name__}({self.properties})"

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls(**{k: v for k, v in json_value.items() if k != "dataType"})


class BinaryType(AtomicType):
    pass


class BooleanType(AtomicType):
    pass


class ByteType(AtomicType):
    pass


class DateType(AtomicType):
    pass


class DecimalType(AtomicType):
    def __init__(self, precision=10, scale=2, properties=None):
        super().__init__(properties)
        self.precision = precision
        self.scale = scale

    def __repr__(self):
        return f"DecimalType({self.precision}, {self.scale}, {self.properties})"

    def jsonValue(self):
        return {**super().jsonValue(), "precision": self.precision, "scale": self.scale}


class DoubleType(AtomicType):
    pass


class EnumType(AtomicType):
    def __init__(self, options, properties=None):
        super().__init__(properties)
        self.options = options

    def __repr__(self):
        shown = ",".join(self.options[:3]) + (",..." if len(self.options) > 3 else "")
        return f"EnumType([{shown}], {self.properties})"

    def jsonValue(self):
        return {**super().jsonValue(), "options": list(self.options)}


class FloatType(AtomicType):
    pass


class IntegerType(AtomicType):
    @classmethod
    def typeName(cls):
        return "int"


class LongType(AtomicType):
    pass


class NullType(AtomicType):
    pass


class ShortType(AtomicType):
    pass


class StringType(AtomicType):
    pass


class TimestampType(AtomicType):
    pass


class TimestampNTZType(AtomicType):
    pass


class UnknownType(AtomicType):
    pass


class ArrayType(DataType):
    def __init__(self, elementType=UnknownType(), properties=None):  # noqa: B008 - Glue's default
        assert isinstance(elementType, DataType), "elementType should be DataType. Got" + str(elementType.__class__)
        super().__init__(properties)
        self.elementType = elementType

    def __repr__(self):
        return f"ArrayType({self.elementType}, {self.properties})"

    def jsonValue(self):
        return {**super().jsonValue(), "elementType": self.elementType.jsonValue()}

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls(_deserialize_json_value(json_value["elementType"]), json_value.get("properties", {}))


class SetType(DataType):
    def __init__(self, elementType=UnknownType(), properties=None):  # noqa: B008 - Glue's default
        assert isinstance(elementType, DataType), "elementType should be DataType. Got" + str(elementType.__class__)
        super().__init__(properties)
        self.elementType = elementType

    def __repr__(self):
        return f"SetType({self.elementType}, {self.properties})"

    def jsonValue(self):
        return {**super().jsonValue(), "elementType": self.elementType.jsonValue()}

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls(_deserialize_json_value(json_value["elementType"]), json_value.get("properties", {}))


class ChoiceType(DataType):
    def __init__(self, choices=None, properties=None):
        super().__init__(properties)
        self.choices = {}
        for choice in choices or []:
            self.add(choice)

    def __repr__(self):
        ordered = sorted(self.choices.values(), key=lambda c: c.typeName())
        return f"ChoiceType([{','.join(str(c) for c in ordered)}], {self.properties})"

    def add(self, new_choice):
        if new_choice.typeName() in self.choices:
            raise ValueError("Attempting to insert duplicate choice", new_choice)
        self.choices[new_choice.typeName()] = new_choice

    def merge(self, new_choices):
        for choice in new_choices if isinstance(new_choices, list) else [new_choices]:
            existing = self.choices.get(choice.typeName(), UnknownType())
            self.choices[choice.typeName()] = mergeDataTypes(existing, choice)

    def jsonValue(self):
        return {**super().jsonValue(), "choices": [c.jsonValue() for c in self.choices.values()]}

    @classmethod
    def fromJsonValue(cls, json_value):
        choices = [_deserialize_json_value(c) for c in json_value["choices"]]
        return cls(choices, json_value.get("properties", {}))


class MapType(DataType):
    def __init__(self, valueType=UnknownType(), properties=None):  # noqa: B008 - Glue's default
        assert isinstance(valueType, DataType), "valueType should be DataType"
        super().__init__(properties)
        self.valueType = valueType

    def __repr__(self):
        return f"MapType({self.valueType}, {self.properties})"

    def jsonValue(self):
        return {**super().jsonValue(), "valueType": self.valueType.jsonValue()}

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls(_deserialize_json_value(json_value["valueType"]), json_value.get("properties", {}))


class Field:
    def __init__(self, name, dataType, properties=None):
        assert isinstance(dataType, DataType), "dataType should be DataType. Got " + str(dataType.__class__)
        assert isinstance(name, str), "Field name must be a string. Got " + str(name.__class__)
        self.name = name
        self.dataType = dataType
        self.properties = {} if properties is None else properties

    def __eq__(self, other):
        return self.name == other.name and self.dataType == other.dataType

    def __repr__(self):
        return f"Field({self.name}, {self.dataType}, {self.properties})"

    def jsonValue(self):
        return {"name": self.name, "container": self.dataType.jsonValue(), "properties": self.properties}

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls(
            json_value["name"], _deserialize_json_value(json_value["container"]), json_value.get("properties", {})
        )


class StructType(DataType):
    def __init__(self, fields=None, properties=None):
        super().__init__(properties)
        fields = [] if fields is None else list(fields)
        assert all(isinstance(f, Field) for f in fields), "fields should be a list of Field"
        self.fields = fields
        self.field_map = {f.name: f for f in fields}

    def __iter__(self):
        return iter(self.fields)

    def __repr__(self):
        return f"StructType([{','.join(str(f) for f in self.fields)}], {self.properties})"

    def add(self, field):
        assert isinstance(field, Field), "field must be of type Field"
        self.fields.append(field)
        self.field_map[field.name] = field

    def hasField(self, field):
        return (field.name if isinstance(field, Field) else field) in self.field_map

    def getField(self, field):
        return self.field_map[field.name if isinstance(field, Field) else field]

    def jsonValue(self):
        return {**super().jsonValue(), "fields": [f.jsonValue() for f in self.fields]}

    @classmethod
    def fromJsonValue(cls, json_value):
        return cls([Field.fromJsonValue(f) for f in json_value["fields"]], json_value.get("properties", {}))


class EntityType(DataType):
    def __init__(self, entity, base_type, properties):
        raise NotImplementedError("EntityTypes not yet supported in Tape.")


_TYPES = [
    BinaryType, BooleanType, ByteType, DateType, DecimalType, DoubleType, EnumType, FloatType, IntegerType,
    LongType, NullType, ShortType, StringType, TimestampType, TimestampNTZType, UnknownType,
    ArrayType, ChoiceType, MapType, StructType, SetType,
]  # fmt: skip
_BY_NAME = {t.typeName(): t for t in _TYPES}


def _deserialize_json_value(json_val):
    assert isinstance(json_val, dict), "Json value must be dictionary"
    return _BY_NAME[json_val["dataType"]].fromJsonValue(json_val)


def mergeDataTypes(s1, s2):
    """The type of a field that has type ``s1`` in some records and ``s2`` in others (a choice if they differ)."""
    if isinstance(s1, (UnknownType, NullType)):
        return s2
    if isinstance(s2, (UnknownType, NullType)):
        return s1
    if isinstance(s1, ChoiceType) or isinstance(s2, ChoiceType) or type(s1) is not type(s2):
        merged = ChoiceType([], s1.properties)
        for side in (s1, s2):
            merged.merge(list(side.choices.values()) if isinstance(side, ChoiceType) else [side])
        return merged
    if isinstance(s1, StructType):
        fields = [
            Field(f.name, mergeDataTypes(f.dataType, s2.getField(f).dataType) if s2.hasField(f) else f.dataType)
            for f in s1
        ]
        fields += [Field(f.name, f.dataType) for f in s2 if not s1.hasField(f)]
        return StructType(fields, s1.properties)
    if isinstance(s1, (ArrayType, SetType)):
        return type(s1)(mergeDataTypes(s1.elementType, s2.elementType))
    if isinstance(s1, MapType):
        return MapType(mergeDataTypes(s1.valueType, s2.valueType))
    if isinstance(s1, EnumType):
        return EnumType(s1.options + s2.options)
    return s1


_FROM_SPARK = {
    T.BinaryType: BinaryType, T.BooleanType: BooleanType, T.ByteType: ByteType, T.DateType: DateType,
    T.DoubleType: DoubleType, T.FloatType: FloatType, T.IntegerType: IntegerType, T.LongType: LongType,
    T.NullType: NullType, T.ShortType: ShortType, T.StringType: StringType, T.TimestampType: TimestampType,
    T.TimestampNTZType: TimestampNTZType,
}  # fmt: skip


def from_spark(data_type: T.DataType, null_paths: frozenset[str] = frozenset(), path: str = "") -> DataType:
    """Glue's type for a Spark type; a field whose path is in ``null_paths`` (null in every record) is NullType."""
    if path in null_paths:
        return NullType()
    if isinstance(data_type, T.StructType):
        return StructType(
            [
                Field(f.name, from_spark(f.dataType, null_paths, f"{path}.{f.name}" if path else f.name))
                for f in data_type
            ]
        )
    if isinstance(data_type, T.ArrayType):
        return ArrayType(from_spark(data_type.elementType))
    if isinstance(data_type, T.MapType):
        return MapType(from_spark(data_type.valueType))
    if isinstance(data_type, T.DecimalType):
        return DecimalType(data_type.precision, data_type.scale)
    return _FROM_SPARK.get(type(data_type), UnknownType)()


def _create_dynamic_record(record: dict) -> DynamicRecord:
    return DynamicRecord({k: DynamicRecord(v) if type(v) is dict else v for k, v in record.items()})


def _revert_to_dict(record):
    if isinstance(record, dict):
        return {k: _revert_to_dict(v) for k, v in record.items()}
    if isinstance(record, list):
        return [_revert_to_dict(v) for v in record]
    return record


def _serialize_schema(schema: DataType) -> str:
    return json.dumps(schema.jsonValue())


class DynamicRecord(dict):
    """A record as ``filter``/``map`` functions get it: ``rec["f"]`` and ``rec.f`` (absent -> KeyError)."""

    def __getattr__(self, attr):
        return self[attr]

    def __setattr__(self, attr, value):
        self[attr] = value
