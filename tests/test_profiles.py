"""Council profiles for councils grdrs was never told about (issue 15): detection falls back to
the generic profile, the generic number shapes, profiles learned from OParl data and from a
folder of papers, ``grdrs profile show|export|learn``, profile files, council slugs."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import run_grdrs  # noqa: E402

from grdrs.extractors import extract  # noqa: E402
from grdrs.model import Document, Page  # noqa: E402
from grdrs.profiles import detect, dumps, from_data, load, load_file, names  # noqa: E402
from grdrs.profiles import learn  # noqa: E402
from grdrs.profiles.learn import count_shapes, from_oparl, from_texts, number_rules, slug  # noqa: E402


def _refs(text: str, profile=None) -> list[str]:
    doc = Document("t.txt", "t.txt", "txt", (Page(1, text),))
    return [r.number for r in extract(doc, profile).references]


# --- detection -----------------------------------------------------------------------------

def test_a_paper_of_an_unknown_council_gets_the_generic_profile():
    text = "Rat der Stadt Köln\n22. Sitzung vom 8. Dezember 2022 Seite 1\nTagesordnungspunkt\n" \
           "10.1 Strategie Klimaneutrales Köln\n2547/2022\nWortmeldungen? - Keine.\n"
    prof = detect(text, "Wortprotokoll.pdf")
    assert prof.name == "generic" and prof.generic
    doc = Document("w.txt", "w.txt", "txt", (Page(1, text),))
    ext = extract(doc)
    assert ext.council == "generic"
    assert [r.number for r in ext.references] == ["2547/2022"]


def test_one_mention_of_a_known_city_does_not_make_another_councils_minutes_its_own():
    minutes = ("Rat der Stadt Köln\n22. Sitzung vom 8. Dezember 2022 Seite 1\nIn Karlsruhe hat "
               "man das anders gelöst.\nRat der Stadt Köln\n22. Sitzung Seite 2\n")
    assert detect(minutes).name == "generic"
    assert detect("STADT KARLSRUHE\nStadt Karlsruhe\nZuschuss an die Stadt Ettlingen").name == \
        "karlsruhe"


def test_known_councils_are_still_detected():
    assert detect("Landeshauptstadt Stuttgart\nGRDrs 563/2023").name == "stuttgart"
    assert detect("STADT KARLSRUHE\nVorlage Nr.: 2023/0425").name == "karlsruhe"
    assert not load("stuttgart").generic
    # a page header gluing the city to the next word is no other municipality (the council
    # system's Niederschrift pages: "Landeshauptstadt StuttgartNiederschrift")
    page = "Landeshauptstadt StuttgartNiederschrift\nGRDrs 563/2023\nmit der Stadt Ditzingen"
    assert detect(page).name == "stuttgart"
    assert detect("Rat der Stadt KölnNiederschrift\nLandeshauptstadt Stuttgart").name == \
        "generic"


def test_extract_and_show_say_generic(tmp_path):
    paper = tmp_path / "minutes.txt"
    paper.write_text("Niederschrift\nTOP 3 Vorlage 0012/2022\nAN/1875/2021\n", encoding="utf-8")
    r = run_grdrs("extract", str(paper))
    assert r.returncode == 0, r.stderr
    assert "[generic]" in r.stdout and "no council profile matched" in r.stdout
    assert "0012/2022" in r.stdout and "AN/1875/2021" in r.stdout
    paper = tmp_path / "Vorlage_0815_2022.txt"
    paper.write_text("Stadt Irgendwo\nBeschlussvorlage\nVorlage Nr.: 0815/2022\n\nBetreff: "
                     "Neubau\nsiehe Drucksache 0012/2022\n", encoding="utf-8")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest", str(paper), "--db", str(db))
    assert r.returncode == 0, r.stderr
    r = run_grdrs("show", "0815/2022", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert "council: generic" in r.stdout and "read with the generic profile" in r.stdout


# --- generic number shapes -------------------------------------------------------------------

GENERIC_CASES = [
    # agenda items in minutes: the number alone on its line under the item's title
    ("10.1 Strategie Klimaneutrales Köln\n2547/2022\nWortmeldungen?", ["2547/2022"]),
    ("6.1.1 Änderung der Rettungsdienstsatzung\n 0849/2022 \nGibt es", ["0849/2022"]),
    ("12.4 Neubau Kolumbarium\n 0032/2022/1 \nWortmeldungen?", ["0032/2022/1"]),
    ("Änderungsantrag der SPD-Fraktion\nAN/2299/2022\nÄnderungsantrag", ["AN/2299/2022"]),
    # cited in speech after a series word
    ("den Änderungsantrag AN/1265/2022 behandeln", ["AN/1265/2022"]),
    ("in der letzten Ratsperiode mit der Vorlage \n1865/2018 entschieden", ["1865/2018"]),
    ("Das ist die Vorlagennummer 1003/2021 und betrifft", ["1003/2021"]),
    ("siehe Mitteilung 2038/2021) umzusetzen", ["2038/2021"]),
    ("So stand es in der Mitteilung der Verwaltung \n0186/2021.\nDas", ["0186/2021"]),
    ("unter der Antragsnummer 74/2023, was noch", ["74/2023"]),
    ("einen unter der Nummer 2542/2021 und einen mit der Nummer AN/1265/2022.",
     ["2542/2021", "AN/1265/2022"]),
    ("Beschlussvorlage Nr. 31/2023 vom 3. Mai", ["31/2023"]),
    ("hier: Korrektur zu TOP 4 (Beschluss-Vorlage 58/2017)", ["58/2017"]),
    ("Winterdienst;\nhier: Satzung 2019-2021\n 176/2018 (nicht versandt)\n", ["176/2018"]),
    ("laut DS 31/2023 und Drucksache 7/2024", ["31/2023", "7/2024"]),
    ("Die Vorlagen 0100/2022 und 0101/2022 wurden", ["0100/2022", "0101/2022"]),
    ("vgl. Vorlage VO/2011/0368 sowie VO/2011/0368-R5", ["VO/2011/0368", "VO/2011/0368-R5"]),
    ("die Vorlage VO/2011/0368", ["VO/2011/0368"]),
    ("siehe Vorlage 2023/0425 und Vorlagen-Nr. 2023/0425/1", ["2023/0425", "2023/0425/1"]),
    ("die Vorlage 2022/2023 und die Drucksache 2023/2024", []),
    # not paper numbers: year pairs, periods, house numbers, dates, plans, other parliaments
    ("Haushaltssatzung 2023/2024\n0188/2023\nGibt es", ["0188/2023"]),
    ("Einbringung des Haushaltsplanentwurfs \n2023/2024 \n1.1 Einbringung", []),
    ("zum Schuljahr \n2023/24\n4337/2022\nGibt es", ["4337/2022"]),
    ("im Doppelhaushalt 2020/2021 erläutern", []),
    ("Wirtschaftsjahr 2022/23 und 2025/26", []),
    ("seit 09/2022 und bis 12/2023 befristet", []),
    ("Kolmarer Str. 55/2021 in 50769 Köln", []),
    ("am 11.11.2022 und am 8/12/2022", []),
    ("Bebauungsplan-Entwurf Nr. \n74410/02 \n 3510/2020\nWortmeldungen", ["3510/2020"]),
    ("Bebauungsplan 7441/02, der durch Beschluss", []),
    ("mit der Drucksache 18/4128 im Mai", []),
    ("Bundestagsdrucksache 19/7560 - aus Köln", []),
    ("Vorlage unter TOP 10.51 abstimmen", []),
    ("die Jahre 2023/2024 in den Rat", []),
    ("Es fing \n2008/2009 an.", []),
    ("Summe 1500/2021 Euro im Text ohne Serienwort", []),
]


@pytest.mark.parametrize("text,expected", GENERIC_CASES)
def test_generic_number_shapes(text, expected):
    assert _refs(text, "generic") == expected


# --- learning from OParl ---------------------------------------------------------------------

def _fixture_dump(folder: Path) -> Path:
    """A small OParl dump of an invented municipality: numbers 1-3 digits/year and Anträge
    AN/NNNN/YYYY, committees with short names, two Fraktionen, one text."""
    base = "https://oparl.example.org/body/1"
    folder.mkdir(parents=True)
    body = {"id": base, "type": "https://schema.oparl.org/1.0/Body",
            "name": "Gemeinde Großölbach-Süd", "shortName": "Großölbach-Süd"}
    orgs = [
        {"id": f"{base}/organization/1", "name": "Haupt- und Finanzausschuss", "shortName": "HFA",
         "organizationType": "Gremium", "classification": "Gremien"},
        {"id": f"{base}/organization/2", "name": "Bau- und Umweltausschuss", "shortName": "BUA",
         "organizationType": "Gremium"},
        {"id": f"{base}/organization/3", "name": "Gemeinderat", "shortName": "GR",
         "organizationType": "Gremium"},
        {"id": f"{base}/organization/4", "name": "Freie Wählergemeinschaft",
         "organizationType": "Fraktion"},
        {"id": f"{base}/organization/5", "name": "Abteilung 2", "organizationType": "Dienststellen"},
    ]
    for o in orgs:
        o["type"] = "https://schema.oparl.org/1.0/Organization"
    papers = []
    refs = [f"{n}/2020" for n in (1, 7, 12, 45, 113, 230)] + \
           [f"{n}/2021" for n in (3, 19, 88, 140)] + ["12/2020 1. Ergänzung", "45/2020 1. Ergänzung",
                                                      "88/2021 1. Ergänzung"] + \
           [f"AN/{n:04d}/2021" for n in (1, 2, 3, 4)]
    for i, ref in enumerate(refs):
        papers.append({"id": f"{base}/paper/{i}", "type": "https://schema.oparl.org/1.0/Paper",
                       "name": f"Vorlage {i}", "reference": ref, "date": ref[-4:] + "-03-01",
                       "paperType": "Antrag" if ref.startswith("AN/") else "Beschlussvorlage",
                       "consultation": [{"organization": [f"{base}/organization/1"],
                                         "role": "Vorberatung"}]})
    papers[3]["auxiliaryFile"] = [{
        "id": f"{base}/file/1", "type": "https://schema.oparl.org/1.0/File",
        "name": "Beschlussvorlage 45/2020", "fileName": "vorlage-45-2020.txt",
        "text": ("Gemeinde Großölbach-Süd\nBeschlussvorlage\n\nNeubau der Grundschule\n\n"
                 "Der HFA hat am 3. März 2020 beraten; der Bau- und Umweltausschuss folgt.\n"
                 "Siehe Vorlage 7/2020 und den Antrag AN/0003/2021.\n"
                 "Der Haushalt 2020/2021 ist betroffen.\n\nFrühere Beratung:\n12/2020\n")}]
    (folder / "body.json").write_text(json.dumps(body), encoding="utf-8")
    (folder / "organizations.json").write_text(json.dumps({"data": orgs, "links": {}}),
                                               encoding="utf-8")
    (folder / "papers.json").write_text(json.dumps({"data": papers, "links": {}}), encoding="utf-8")
    return folder


def _objects(folder: Path) -> tuple[dict, list, list]:
    body = json.loads((folder / "body.json").read_text())
    orgs = json.loads((folder / "organizations.json").read_text())["data"]
    papers = json.loads((folder / "papers.json").read_text())["data"]
    return body, orgs, papers


def test_profile_learned_from_oparl_objects(tmp_path):
    body, orgs, papers = _objects(_fixture_dump(tmp_path / "dump"))
    data, report = from_oparl(body, orgs, papers)
    assert data["council"] == "grossoelbach-sued"
    assert data["numbers"]["suffixes"] == [r"\d\.[ \t]?Ergänzung"]
    names_ = [c["name"] for c in data["committees"]]
    assert names_ == ["Haupt- und Finanzausschuss", "Bau- und Umweltausschuss", "Gemeinderat"]
    assert data["committees"][0]["abbreviations"] == ["HFA"]
    assert {t["type"] for t in data["types"]} >= {"Beschlussvorlage", "Antrag"}
    assert any("sequence/year" in line for line in report)
    prof = from_data(data)
    # the learned shape: 1-3 digits without zero padding, and the AN/ prefix
    assert _refs("Siehe Vorlage 7/2020 und AN/0003/2021", prof) == ["7/2020", "AN/0003/2021"]
    assert _refs("Frühere Beratung:\n12/2020\n", prof) == ["12/2020"]
    assert _refs("Frühere Beratung:\n12/2020\n", "generic") == []  # generic wants 3-5 digits
    assert _refs("seit 09/2020 und Haushalt 2020/2021", prof) == []
    # the file round-trips
    assert tomllib.loads(dumps(prof)) == prof.data


def test_ingest_oparl_learns_the_council_and_reads_its_texts_with_it(tmp_path):
    dump = _fixture_dump(tmp_path / "dump")
    db = tmp_path / "g.db"
    r = run_grdrs("ingest-oparl", str(dump), "--db", str(db))
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    assert {c for (c,) in conn.execute("SELECT DISTINCT council FROM papers")} == {"grossoelbach-sued"}
    refs = sorted(v for (v,) in conn.execute("SELECT value FROM mentions WHERE kind = 'reference'"))
    assert refs == ["12/2020", "7/2020", "AN/0003/2021"]
    comm = {v for (v,) in conn.execute("SELECT value FROM mentions WHERE kind = 'committee'")}
    assert comm == {"Haupt- und Finanzausschuss", "Bau- und Umweltausschuss"}
    (name,) = conn.execute("SELECT name FROM learned_profiles").fetchone()
    assert name == "grossoelbach-sued"
    # show, export, and pass the file back
    r = run_grdrs("profile", "show", "grossoelbach-sued", "--db", str(db))
    assert r.returncode == 0, r.stderr
    assert tomllib.loads(r.stdout)["council"] == "grossoelbach-sued"
    out = tmp_path / "mine.toml"
    r = run_grdrs("profile", "export", "grossoelbach-sued", "--db", str(db), "-o", str(out))
    assert r.returncode == 0 and out.is_file(), r.stderr
    paper = tmp_path / "p.txt"
    paper.write_text("Der HFA beriet die Vorlage 230/2020.\n", encoding="utf-8")
    r = run_grdrs("extract", "--json", "--profile", str(out), str(paper))
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["council"] == "grossoelbach-sued"
    assert [x["number"] for x in obj["references"]] == ["230/2020"]
    assert [x["name"] for x in obj["committees"]] == ["Haupt- und Finanzausschuss"]
    # a later `grdrs ingest` into the same database detects the learned council
    later = _write(tmp_path / "q.txt", "Gemeinde Großölbach-Süd\nVorlage 113/2020\n")
    r = run_grdrs("ingest", str(later), "--db", str(db))
    assert r.returncode == 0, r.stderr
    row = conn.execute("SELECT p.council FROM papers p JOIN paper_files pf ON pf.paper_id = p.id "
                       "JOIN files f ON f.id = pf.file_id WHERE f.path LIKE '%q.txt'").fetchone()
    assert row == ("grossoelbach-sued",)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_profile_show_and_export_of_shipped_profiles_and_errors(tmp_path):
    r = run_grdrs("profile", "show", "stuttgart", "--db", str(tmp_path / "none.db"))
    assert r.returncode == 0 and tomllib.loads(r.stdout)["council"] == "stuttgart"
    r = run_grdrs("profile", "show", "atlantis", "--db", str(tmp_path / "none.db"))
    assert r.returncode == 1 and "known: generic, karlsruhe, stuttgart" in r.stderr
    r = run_grdrs("profile", "export", "generic", "-o", str(tmp_path / "g.toml"))
    assert r.returncode == 0 and load_file(tmp_path / "g.toml").generic


def test_a_profile_file_with_a_broken_pattern_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('council = "x"\n[numbers]\nnumber = "(?P<n>\\\\d+"\n', encoding="utf-8")
    paper = _write(tmp_path / "p.txt", "Vorlage 1/2020\n")
    r = run_grdrs("extract", "--profile", str(bad), str(paper))
    assert r.returncode == 2 and "numbers.number" in r.stderr
    bad.write_text('council = "x"\n[[types]]\ntype = "A"\npattern = "(?m)^(Antrag"\n',
                   encoding="utf-8")
    r = run_grdrs("extract", "--profile", str(bad), str(paper))
    assert r.returncode == 2 and "types.pattern" in r.stderr
    r = run_grdrs("extract", "--profile", str(tmp_path / "missing.toml"), str(paper))
    assert r.returncode == 2 and "cannot read profile file" in r.stderr


# --- learning from papers alone --------------------------------------------------------------

def _minutes(i: int) -> str:
    items = "\n".join(f"{k}.1 Punkt {k}\n{(k * 37 + i) % 9000 + 10:04d}/2022\n"
                      f"Änderungsantrag der Fraktion\nAN/{k * 11 + i:04d}/2022\nWortmeldungen? - Keine."
                      for k in range(1, 6))
    return f"Rat der Stadt\n{i}. Sitzung\nHaushalt 2022/2023\n{items}\nAm 09/2022 besprochen.\n"


def test_profile_learn_proposes_the_shapes_it_sees(tmp_path):
    data, report, shapes = from_texts(((f"m{i}.txt", _minutes(i)) for i in range(3)),
                                      council="Stadt Beispiel")
    assert set(shapes) == {"ny"}
    sh = shapes["ny"]
    assert sh.count == 30 and set(sh.lengths) == {4} and sh.padded and set(sh.prefixes) == {"AN/"}
    prof = from_data(data)
    assert _refs("Punkt 7\n0815/2023\nAN/0042/2023 und 2022/2023\n", prof) == \
        ["0815/2023", "AN/0042/2023"]
    folder = tmp_path / "papers"
    folder.mkdir()
    for i in range(3):
        _write(folder / f"m{i}.txt", _minutes(i))
    out = tmp_path / "beispiel.toml"
    r = run_grdrs("profile", "learn", str(folder), "--name", "Stadt Beispiel", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert "sequence/year: 30 (digits 4, zero-padded; prefixes AN/ ×15)" in r.stdout
    learned = load_file(out)
    assert learned.council == "beispiel"
    assert learned.get("numbers.number") == prof.get("numbers.number")


def test_number_rules_of_year_first_and_allris_shapes():
    shapes, _ = count_shapes([("VO/2011/0368", None), ("VO/2012/0001", None),
                              ("VO/2012/0102", None)])
    rules = number_rules(shapes)
    assert rules["format"] == "{p}{y}/{n}{v}"
    prof = from_data({**load("generic").data, "generic": False, "council": "allris",
                      "numbers": {**load("generic").data["numbers"], **rules}})
    assert _refs("siehe VO/2013/0077 und 2013/2014", prof) == ["VO/2013/0077"]


# --- slugs and files -------------------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("Gemeinde Hürtgenwald", "huertgenwald"),
    ("Stadt Köln", "koeln"),
    ("Landeshauptstadt Düsseldorf", "duesseldorf"),
    ("Große Kreisstadt Weißenburg", "weissenburg"),
    ("Kreis Düren", "kreis-dueren"),
    ("Gemeinde Großölbach-Süd", "grossoelbach-sued"),
    ("Bad Münstereifel", "bad-muenstereifel"),
])
def test_council_slugs_transliterate(name, expected):
    assert slug(name, strip_kind=True) == expected


def test_slug_without_stripping_keeps_the_kind():
    assert slug("Gemeinde Hürtgenwald") == "gemeinde-huertgenwald"


def test_shipped_profiles_round_trip_through_toml():
    for name in names():
        prof = load(name)
        assert tomllib.loads(dumps(prof, "header\nlines")) == prof.data, name


# --- learning from a live OParl endpoint -----------------------------------------------------

def test_endpoint_of_an_unknown_council_is_learned_before_its_texts_are_read(tmp_path):
    import os

    from conftest import KARLSRUHE
    from oparl_server import OParlServer, karlsruhe_sample

    if not KARLSRUHE.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{KARLSRUHE} is missing, and CI must have it")
        pytest.skip(f"{KARLSRUHE} is not beside the checkout")

    class Unknown(OParlServer):  # Karlsruhe's papers, served as a council grdrs does not know
        def body(self) -> dict:
            return {**super().body(), "name": "Gemeinde Musterhausen", "shortName": "Musterhausen"}

    server = Unknown(karlsruhe_sample(str(KARLSRUHE), 30), page_size=10)
    server.thread.start()
    try:
        db = tmp_path / "m.db"
        r = run_grdrs("ingest-oparl", f"{server.base}/oparl/system", "--db", str(db),
                      "--delay", "0")
        assert r.returncode == 0, r.stderr
    finally:
        server.httpd.shutdown()
    conn = sqlite3.connect(db)
    assert {c for (c,) in conn.execute("SELECT DISTINCT council FROM papers")} == {"musterhausen"}
    text = dict(conn.execute("SELECT name, toml FROM learned_profiles"))["musterhausen"]
    prof = tomllib.loads(text)
    assert prof["numbers"]["format"] == "{p}{y}/{n}{v}"  # year/sequence, as Karlsruhe numbers
    assert any(c["name"] == "Gemeinderat" for c in prof["committees"])
    # the texts were read with it: year/sequence numbers cited by series word are references
    refs = [v for (v,) in conn.execute("SELECT value FROM mentions WHERE kind = 'reference'")]
    assert refs and all(re.fullmatch(r"(?:[A-Z]+/?)?(?:19|20)\d\d/\d{4}(?:/\d{1,2})*", v)
                        for v in refs)


def test_profile_learn_proposes_the_committees_the_papers_print():
    """Committee names minutes print often, in two or more files, become the profile's
    [[committees]]: compounds in -ausschuss (the genitive folded), "Ausschuss [für] A und B"
    across a line break, "Bezirksvertretung X", "Rat der Stadt" as "Rat"; not a kind of
    committee ("Fachausschuss") nor a name one file alone prints."""
    texts = [(f"m{i}.txt",
              "Der Rat der Stadt tagt. Im Verkehrsausschuss und im Haupt- und Finanzausschuss\n"
              "wurde beraten, auch im Ausschuss für Umwelt\nund Grün und in der Bezirksvertretung "
              "Nippes. Der Fachausschuss des Verkehrsausschusses hat getagt."
              + (" Der Sportausschuss auch." * 5 if i == 0 else ""))
             for i in range(3)]
    got = learn.text_committees(texts)
    assert [n for n, _, _ in got] == ["Verkehrsausschuss", "Ausschuss für Umwelt und Grün",
                                      "Bezirksvertretung Nippes", "Haupt- und Finanzausschuss",
                                      "Rat"]
    assert got[0][1:] == (6, 3)
    data, report, _ = from_texts(texts, council="Stadt Beispiel")
    assert [c["name"] for c in data["committees"]][:2] == ["Verkehrsausschuss",
                                                           "Ausschuss für Umwelt und Grün"]
    assert report[-1].startswith("committees: 5 names")
    prof = from_data(data)
    doc = Document(source="x.txt", name="x.txt", kind="txt",
                   pages=(Page(1, "Der Verkehrsausschusses hat es dem Rat empfohlen."),))
    names = [m.name for m in extract(doc, prof).committees]
    assert names == ["Verkehrsausschuss", "Rat"]


def test_a_profile_learned_from_files_is_kept_and_detected(tmp_path):
    """`profile learn --name` proposes the council's name as its detection pattern where most
    papers print it near their top; ingesting with that file keeps the profile in the
    database (`profile show` finds it), and a later `check` without --profile reads a draft
    printing the name as that council's (a Köln clerk had to pass --profile to every command,
    and `profile show koeln --db` found nothing)."""
    src = tmp_path / "papers"
    src.mkdir()
    for n in range(1, 5):
        (src / f"v{n}.txt").write_text(
            f"Stadt Beispielheim\nBeschlussvorlage\nVorlagen-Nr. 10{n}/2024\n\nBetreff: Sache {n}"
            f"\n\nDie Kosten betragen {n}0.000 Euro. Siehe Vorlage 20{n}/2023 und Vorlage "
            f"30{n}/2023 sowie Vorlage 40{n}/2023.\n", encoding="utf-8")
    prof = tmp_path / "beispielheim.toml"
    r = run_grdrs("profile", "learn", str(src), "--name", "Stadt Beispielheim", "-o", str(prof))
    assert r.returncode == 0, r.stderr
    learned = tomllib.loads(prof.read_text(encoding="utf-8"))
    assert learned["detect"]["patterns"] == [r"Stadt\s+Beispielheim"]
    db = tmp_path / "g.db"
    assert run_grdrs("ingest", str(src), "--db", str(db), "--profile", str(prof)).returncode == 0
    shown = run_grdrs("profile", "show", learned["council"], "--db", str(db))
    assert shown.returncode == 0 and "Beispielheim" in shown.stdout, shown.stderr
    draft = tmp_path / "entwurf.txt"
    draft.write_text("Stadt Beispielheim\nBeschlussvorlage\n\nDie Kosten betragen 10.000 Euro.\n",
                     encoding="utf-8")
    answer = json.loads(run_grdrs("check", str(draft), "--db", str(db), "--json").stdout)
    assert answer["draft"]["council"] == learned["council"], answer["warnings"]
    # … and named: `check --profile NAME` takes a council the database keeps (it did not:
    # "unknown profile"); an unknown name lists the kept ones with the shipped ones
    named = run_grdrs("check", str(draft), "--db", str(db), "--json", "--profile",
                      learned["council"].upper())
    assert named.returncode in (0, 1), named.stderr
    assert json.loads(named.stdout)["draft"]["council"] == learned["council"]
    wrong = run_grdrs("check", str(draft), "--db", str(db), "--profile", "nirgendwo")
    assert wrong.returncode == 2 and "no profile 'nirgendwo'" in wrong.stderr
    assert f"stuttgart, {learned['council']}" in wrong.stderr
    # `extract --db` detects and names the councils the database keeps (it had no --db)
    for extra in ((), ("--profile", learned["council"])):
        got = run_grdrs("extract", str(draft), "--db", str(db), "--json", *extra)
        assert got.returncode == 0, got.stderr
        assert json.loads(got.stdout)["council"] == learned["council"]
    assert json.loads(run_grdrs("extract", str(draft), "--json").stdout)["council"] \
        != learned["council"]
