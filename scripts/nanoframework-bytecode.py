#!/usr/bin/env python3
"""Prints each nanoFramework .pe's byte code size against the 64 KiB an assembly can hold, and fails
(exit 1) when one is over. nanoFramework's .pe addresses each method body with a 16-bit offset into the
assembly's byte code table, so an assembly whose table outgrows 64 KiB cannot be converted or loaded;
the nanoFramework stage runs this so that growth shows as a number before it breaks the build.

The header (nf-interpreter's CLR_RECORD_ASSEMBLY, marker "NFMRK1"): marker (8 bytes), header CRC,
assembly CRC, flags, native methods checksum, patch entry offset (4 bytes each), version (4 x 2 bytes),
assembly name and string table version (2 bytes each), then the start offset of each of the 16 tables
(4 bytes each, from offset 40). Table 13 is the byte code, table 14 the one after it."""
import struct
import sys

LIMIT = 64 * 1024
TABLES_AT = 40
BYTE_CODE = 13


def byte_code_size(path):
    with open(path, "rb") as f:
        header = f.read(TABLES_AT + 16 * 4)
    if len(header) < TABLES_AT + 16 * 4 or not header.startswith(b"NFMRK1"):
        raise ValueError(f"{path}: not a nanoFramework .pe (no NFMRK1 header)")
    starts = struct.unpack_from("<16I", header, TABLES_AT)
    return starts[BYTE_CODE + 1] - starts[BYTE_CODE]


def main(paths):
    if not paths:
        print("usage: nanoframework-bytecode.py FILE.pe...", file=sys.stderr)
        return 2
    over = False
    for path in paths:
        try:
            size = byte_code_size(path)
        except (OSError, ValueError) as error:
            print(f"nanoframework-bytecode: {error}", file=sys.stderr)
            return 1
        over |= size > LIMIT
        print(f"{path.rsplit('/', 1)[-1]}: byte code {size} of {LIMIT} bytes ({100 * size // LIMIT} %)"
              + ("  OVER THE LIMIT: move code into another assembly (docs/firmware-esp32.md)" if size > LIMIT else ""))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
