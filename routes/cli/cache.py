"""``routemap cache``: what the cache folder holds, and removing what this version of routemap does not use."""
from __future__ import annotations

import click

from routes.cli.options import json_opt
from routes.cli.output import echo_json


def used_names() -> list[str]:
    """The names of every cache file this version reads (nothing is built to find them)."""
    from geodata import countries, curated, index, naturalearth, netcache, sea, water
    from maps import basemap
    from routes import sealanes

    return [
        index.cache_name(), curated.cache_name(), naturalearth.countries_cache_name(), naturalearth.land_cache_name(),
        naturalearth.land_tiles_cache_name(), countries.tiles_cache_name(), water.cache_name(), sea.cache_name(),
        sealanes.cache_name(), basemap.cache_name(),
        *(f(kind) for kind in ("rail", "road") for f in (netcache.cache_name, countries.node_countries_cache_name)),
    ]


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


@click.command("cache")
@click.option("--prune", is_flag=True,
              help="Remove the files this version does not use (left by an older or newer routemap).")
@json_opt
def cache_cmd(prune: bool, as_json: bool) -> None:
    """Show the cache folder ($ROUTEMAP_CACHE) and the files in it; --prune removes the unused ones.

    The cache holds what routemap derives from its data packages (the gazetteer
    index, the networks, land and water); each file's name carries the versions it
    was built from, so an upgrade builds new files and leaves the old ones. A
    removed file that a version needs again is rebuilt by it. Example:

    \b
        routemap cache --prune
    """
    from geodata.base.cache import cache_dir, inventory, remove

    folder = cache_dir()
    files = inventory(used_names())
    unused = [f for f in files if not f.used]
    freed = remove(f.name for f in unused) if prune else 0
    kept = [f for f in files if f.used or not prune]
    if as_json:
        echo_json({"folder": str(folder), "files": [{"name": f.name, "bytes": f.bytes, "used": f.used} for f in kept],
                   "removed": [f.name for f in unused] if prune else [], "freed_bytes": freed})
        return
    click.echo(f"cache folder {folder}: {_mb(sum(f.bytes for f in kept))} in {_files(len(kept))}")
    for f in kept:
        click.echo(f"  {'in use' if f.used else 'unused':<7}{_mb(f.bytes):>12}  {f.name}")
    if prune:
        click.echo(f"removed {_files(len(unused))} not used by this version ({_mb(freed)})")
    elif unused:
        one = len(unused) == 1
        click.echo(f"{_files(len(unused))} ({_mb(sum(f.bytes for f in unused))}) {'is' if one else 'are'} not used by "
                   f"this version of routemap; `routemap cache --prune` removes {'it' if one else 'them'}")
