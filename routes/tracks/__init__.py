"""Observed positions: AIS/GPS position reports → dark periods, port calls, meetings and jumps.

Modules: ``readers`` (+ ``gpx``, ``nmea``) stream any input as canonical chunks;
``events`` finds per-vessel events vectorised; ``meetings`` pairs slow vessels by
time window and grid cell; ``engine`` (in-memory) and ``engine_dask`` run them;
``report`` formats the answer; ``ports`` reads the UN/LOCODE ports; ``cli`` is
the ``routemap tracks`` command. Nothing heavy is imported here.
"""
