"""routemap's ``maps`` package: how it is shown.

The offline briefing HTML map, static images, and GIS exports (GeoJSON,
GeoPackage, KML, CSV). May import ``routes`` and ``geodata``.
"""
