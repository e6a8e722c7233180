"""Small Arrow helpers shared by the readers: bills repeat a few texts, so work on distinct values."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous array."""
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values


def encode(values: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray:
    """Text as distinct values plus one index per row (kept as is when it already is)."""
    values = as_array(values)
    if pa.types.is_dictionary(values.type):
        return values
    return as_array(pc.dictionary_encode(values.fill_null("")))


def trimmed(values: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray:
    """Dictionary-encoded text with surrounding whitespace removed (on the distinct values only)."""
    encoded = encode(values)
    return pa.DictionaryArray.from_arrays(encoded.indices, pc.utf8_trim_whitespace(encoded.dictionary))


def spread(per_value: np.ndarray, encoded: pa.DictionaryArray) -> np.ndarray:
    """Per-distinct-value results spread over the rows."""
    return per_value[encoded.indices.to_numpy(zero_copy_only=False)]


def bools(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean Arrow array as numpy (null counts as False)."""
    return np.asarray(as_array(values).fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def decoded(encoded: pa.DictionaryArray) -> pa.Array:
    """Dictionary-encoded text back to plain strings."""
    return pc.take(encoded.dictionary, encoded.indices)
