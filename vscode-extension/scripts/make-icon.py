#!/usr/bin/env python3
"""Draws icon.png (128x128): a page of text with one wavy lint underline, on a rounded tile.

Standard library only (zlib + struct). 4x supersampling for smooth edges. Run from
vscode-extension/: python3 scripts/make-icon.py
"""
import math
import struct
import zlib

SIZE, SS = 128, 4
N = SIZE * SS

TILE = (37, 99, 160)  # blue
PAGE = (250, 250, 247)
LINE = (160, 172, 186)
SQUIGGLE = (232, 150, 32)  # amber


def inside_rounded(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def color_at(x, y):
    """Colour (RGBA) at a point in 128-unit coordinates."""
    if not inside_rounded(x, y, 2, 2, 126, 126, 22):
        return (0, 0, 0, 0)
    if inside_rounded(x, y, 30, 20, 98, 108, 6):
        for top, right in ((36, 82), (50, 86), (78, 80), (92, 70)):
            if inside_rounded(x, y, 40, top, right, top + 5, 2.5):
                return (*LINE, 255)
        # the flagged line, darker, with a wavy underline
        if inside_rounded(x, y, 40, 62, 88, 67, 2.5):
            return (70, 80, 95, 255)
        wave = 73 + 2.2 * math.sin((x - 40) / 48 * 4 * 2 * math.pi)
        if 40 <= x <= 88 and abs(y - wave) <= 1.8:
            return (*SQUIGGLE, 255)
        return (*PAGE, 255)
    return (*TILE, 255)


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray()
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    r, g, b, a = color_at(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / (SS * SS)
            if acc[3]:
                row += bytes((round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(alpha)))
            else:
                row += b"\0\0\0\0"
        rows.append(b"\0" + bytes(row))  # filter type 0
    return b"".join(rows)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(render(), 9))
    png += chunk(b"IEND", b"")
    with open("icon.png", "wb") as f:
        f.write(png)
    print(f"icon.png: {len(png)} bytes")


if __name__ == "__main__":
    main()
