"""``routemap map``: the demo case to HTML and PNG, and the errors a user can make."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from routes.analysis import demo_case_path
from routes.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("map") / "briefing.html"
    r = run("map", str(demo_case_path()), "-o", str(out), "--banner", "UNCLASSIFIED // FOR BRIEFING", "--date", "2023-10-20")
    assert r.exit_code == 0, r.output
    return out


def test_demo_html(demo_html):
    page = demo_html.read_text(encoding="utf-8")
    assert "<h1>North Korea, China and Russia — reported transfers, 2011–2023</h1>" in page
    assert "Briefing date: 2023-10-20" in page and ">UNCLASSIFIED // FOR BRIEFING<" in page
    keys = re.findall(r'\{"k":"([^"]+)","s":', page)
    assert keys == ["angara-2023/1", "angara-2023/2", "russian-ships-2023/1", "kim-train-2023/1", "kim-train-2023/2",
                    "kim-train-2023/3", "faw-trucks-2011/1", "kim-jong-il-2011/1", "harmony-wish-2011/1"]
    assert '<td>vlad-pyongyang-mi</td>' in page and '<td>depot-border</td>' in page
    assert not re.search(r"<script[^>]+src=", page)


def test_demo_html_is_byte_identical_on_a_second_run(demo_html, tmp_path):
    again = tmp_path / "again.html"
    r = run("map", str(demo_case_path()), "-o", str(again), "--banner", "UNCLASSIFIED // FOR BRIEFING", "--date", "2023-10-20")
    assert r.exit_code == 0
    assert again.read_bytes() == demo_html.read_bytes()


def test_demo_png(tmp_path):
    out = tmp_path / "briefing.png"
    r = run("map", str(demo_case_path()), "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert f"wrote {out} (" in r.output


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/m.jpg"], "routemap: error: {tmp}/m.jpg: unknown map format '.jpg'; use .html, .png, .svg or .pdf"),
    (["-o", "{tmp}/m.png", "--tiles", "OpenStreetMap"],
     "routemap: error: --tiles 'OpenStreetMap' applies to HTML maps only; drop it or write a .html file"),
    (["-o", "{tmp}/nope/m.html"], "routemap: error: {tmp}/nope/m.html: folder {tmp}/nope does not exist; create it first or choose another path"),
    (["-o", "{tmp}/m.html", "--tiles", "Nowhere.Tiles"],
     "routemap: error: --tiles 'Nowhere.Tiles': unknown tile provider; use an xyzservices name such as OpenStreetMap, "
     "OpenStreetMap.Mapnik, CartoDB.Positron, Esri.WorldImagery"),
])
def test_errors_exit_2_with_a_message(tmp_path, args, message):
    r = CliRunner().invoke(cli, ["map", str(demo_case_path()), *[a.format(tmp=tmp_path) for a in args]])
    assert r.exit_code == 2
    assert r.output.strip().splitlines()[-1] == message.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_output_may_not_be_the_case_file(tmp_path):
    case = tmp_path / "case.html"
    case.write_text("x", encoding="utf-8")
    r = CliRunner().invoke(cli, ["map", str(case), "-o", str(case)])
    assert r.exit_code == 2
    assert "the output path is the input file" in r.output
    assert case.read_text(encoding="utf-8") == "x"


def test_bad_date(tmp_path):
    r = CliRunner().invoke(cli, ["map", str(demo_case_path()), "-o", str(tmp_path / "m.html"), "--date", "2023-02-30"])
    assert r.exit_code == 2
    # click frames the message (its wording); routemap's part names the option, the value and the fix
    assert "'--date'" in r.output and "Traceback" not in r.output
    assert "'2023-02-30' is not a real calendar date; give e.g. 2023-10-14" in r.output
