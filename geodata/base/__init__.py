"""The base layer every package uses: errors, atomic writes, the derived-data cache, geodesy.

Nothing here imports the rest of routemap; ``geodata``, ``routes`` and ``maps``
all build on it (see DESIGN.md).
"""
