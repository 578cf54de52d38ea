"""schemas/: the Table Schemas, their checks, the one type map, the date grammar."""

from .schema import Schemas, TableSchema, load_schemas

__all__ = ["Schemas", "TableSchema", "load_schemas"]
