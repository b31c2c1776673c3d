"""What a protocol attached to a paper says was decided: its ``Beschluss:`` and
``Abstimmungsergebnis:`` lines where it prints them (Karlsruhe's protocols since 2024), else
the chair's last statement of a vote (``Das ist einstimmige Zustimmung.``, ``Bei 14
Ja-Stimmen ist der Antrag mehrheitlich abgelehnt.``), with the vote counts where printed.

Pure functions of text; :mod:`grdrs.graph.rules` attaches the result to the session the
protocol records (by its TOP number or date in the file name).
"""

from __future__ import annotations

import re

from ..extractors.committees import normalize

# a file that is a protocol (or an extract of one) of the session that dealt with the paper
PROTOCOL_FILE = re.compile(r"Protokoll|Niederschrift|Sitzungsauszug|Beschlussauszug",
                           re.IGNORECASE)
_TOP = re.compile(r"TOP\s*(\d+(?:\.\d+)*)", re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?!\d)")

_HEAD = re.compile(r"Beschluss:\s*(?P<decision>.{1,400}?)\s*Abstimmungsergebnis:\s*"
                   r"(?P<outcome>[^\n]{1,240}?)\s*(?:\n|Der Vorsitzende|Die Vorsitzende|$)",
                   re.DOTALL)
_OUTCOME = re.compile(r"Abstimmungsergebnis:\s*(?P<outcome>[^\n]{1,240}?)\s*"
                      r"(?:\n|Der Vorsitzende|Die Vorsitzende|$)")
_VOTE_WORDS = re.compile(
    r"einstimmig|mehrheitlich|Zustimmung|zugestimmt|abgelehnt|Ablehnung|beschlossen|"
    r"Mehrheit|Ja-Stimme|Nein-Stimme|Gegenstimme|Enthaltung|angenommen", re.IGNORECASE)
_NUMBER = {"eine": 1, "einer": 1, "einem": 1, "ein": 1, "zwei": 2, "drei": 3, "vier": 4,
           "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
           "zwölf": 12}
_COUNT = re.compile(r"(?P<n>\d{1,3}|" + "|".join(_NUMBER) + r")\s+"
                    r"(?P<kind>Ja(?:-Stimmen?)?|Nein(?:-Stimmen?)?|Gegenstimmen?|Enthaltung(?:en)?)"
                    r"(?![\w-])", re.IGNORECASE)
_KIND = {"ja": "yes", "nein": "no", "gegen": "no", "enth": "abstain"}
# an Abstimmungsergebnis of several agenda items, a line each (Karlsruhe: "TOP 9 Ziffer 1:
# mehrheitlich zugestimmt (46 JA, 2 Nein)", "TOP 9.1: mehrheitlich abgelehnt (13 JA, 35 Nein)",
# "TOP 23.2 und TOP 23.3 (gemeinsam): …", "TOP 14.1, 14.2 und 14.3: keine Abstimmung")
_ITEM = r"\d+(?:\.\d+)*(?![\d.]*\d)"
_ITEM_HEAD = re.compile(rf"TOP\s*(?P<tops>{_ITEM}(?:\s*(?:,|und|\+|&)\s*(?:TOP\s*)?{_ITEM})*)"
                        r"(?:[^:\n]{0,60}:)?")
_ITEM_NUMBER = re.compile(_ITEM)
ITEM_CHARS = 600  # an item's lines kept (more: cut, marked "…")
ITEM_LINES = 60  # the result's lines read: more is the debate after it without a blank line
CLOSING = 1500  # characters at the end of a protocol where its vote is stated


def protocol_top(name: str | None) -> str | None:
    """``16.1`` from a file name ``Protokoll GR TOP 16.1``."""
    m = _TOP.search(name or "")
    return m.group(1) if m else None


def protocol_date(name: str | None) -> str | None:
    """``2021-05-18`` from a file name ``Protokoll GR 18.05.21 TOP 5``."""
    m = _DATE.search(name or "")
    if not m:
        return None
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    y = int(year) + (2000 if len(year) == 2 else 0)
    return f"{y:04d}-{month:02d}-{day:02d}"


def _kind(m: re.Match) -> str:
    """yes, no or abstain: what a count of :data:`_COUNT` counts."""
    return next(v for k, v in _KIND.items() if m.group("kind").lower().startswith(k))


def votes(text: str) -> dict[str, int] | None:
    """{"yes", "no", "abstain"} counts a sentence prints (``12 Ja-Stimmen, einer Nein-Stimme
    und einer Enthaltung``), else None."""
    out: dict[str, int] = {}
    for m in _COUNT.finditer(text):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _NUMBER[n]
        out.setdefault(_kind(m), count)
    return out or None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _item_lines(text: str) -> list[tuple[tuple[str, ...], str]]:
    """(agenda items, what it says of them) of an Abstimmungsergebnis that gives each item a
    line of its own (``text`` from just after the colon): from the first line, each a line
    starting ``TOP n`` with the lines below it that belong to it (wrapped, indented, ``Ziffer
    2: …``, all of them under a line that says nothing after its colon), up to a blank line
    not followed by another item, another label (``Geschäftsordnungsantrag: …``) or the
    chair's words; [] when the first line names no item."""
    out: list[tuple[tuple[str, ...], str]] = []
    bare = False  # the last item's line says nothing after its colon: the lines below do
    gap = False  # a blank line: only another item's line goes on
    for raw in text.lstrip().split("\n")[:ITEM_LINES]:
        line = raw.strip()
        m = _ITEM_HEAD.match(line)
        if out and not line:
            gap = True
        elif gap and not m:
            break
        elif m:
            gap = False
            out.append((tuple(_ITEM_NUMBER.findall(m.group("tops"))), line))
            bare = m.group(0).endswith(":") and not line[m.end():].strip()
        elif (out and not line.startswith(("Der Vorsitzende", "Die Vorsitzende"))
              and (bare or raw[:1] in " \t" or line.startswith(("Ziffer", "Variante"))
                   or ":" not in line[:60]  # a wrapped line, not one of another label
                   or out[-1][1].count("(") > out[-1][1].count(")"))):
            if len(out[-1][1]) + len(line) < ITEM_CHARS:
                out[-1] = (out[-1][0], out[-1][1] + " " + line)
            elif not out[-1][1].endswith("…"):
                out[-1] = (out[-1][0], out[-1][1] + " …")
        else:
            break
    return out


# an Abstimmungsergebnis of one item's papers, a line each (Karlsruhe: "Änderungsantrag:
# Mehrheitliche Ablehnung (1 JA-Stimme, 40 NEIN-Stimmen, 1 Enthaltung)" ⏎ "Unveränderte
# Beschlussvorlage: Mehrheitliche Zustimmung (40 JA-Stimmen, 2 NEIN-Stimmen, ⏎ 1 Enthaltung)")
_LABEL_LINE = re.compile(r"(?P<label>(?:[A-ZÄÖÜ][\w.-]*[ \t]+){0,3}?(?:[\w-]*(?:[Aa]ntr(?:ag|äge)|"
                         r"[Vv]orlagen?|Stellungnahmen?))(?:[ \t]+[^:\n]{1,40})?"
                         r"[ \t]*(?:\([^)\n]{0,60}\))?)[ \t]*:")
_KIND_WORD = re.compile(r"[\w-]*(?:antrag|vorlage|stellungnahme)")
_PAGE_MARK = re.compile(r"[–-][ \t]*\d{1,3}[ \t]*[–-]")  # "– 2 –" between two pages
_ENDED = re.compile(r"[.!)][ \t]*$")


def _label_lines(text: str) -> list[tuple[str, str]]:
    """(label, its line with the lines it wraps onto) of an Abstimmungsergebnis whose first
    line starts with a paper's kind and a colon, up to a blank line not followed by another
    such line; [] when the first line is none."""
    out: list[tuple[str, str]] = []
    gap = False
    for raw in text.lstrip().split("\n")[:ITEM_LINES]:
        line = raw.strip()
        if not line or _PAGE_MARK.fullmatch(line):
            gap = bool(out)
            continue
        if line.startswith(("Der Vorsitzende", "Die Vorsitzende")):
            break  # the chair's words after the result
        m = _LABEL_LINE.match(line)
        if m:
            out.append((m.group("label"), line))
            gap = False
        elif out and (not _ENDED.search(out[-1][1]) or (raw[:1] in " \t" and not gap)):
            before = out[-1][1]  # a wrapped line, also across a page break ("zuge- ⏎ stimmt.")
            joined = (before[:-1] + line if before.endswith("-") and line[:1].islower()
                      else before + " " + line)
            out[-1] = (out[-1][0], joined)
            gap = False
        else:
            break
    return out


def _one_vote(said: str) -> dict[str, int] | None:
    """The counts of a result stating one vote (not several Ziffern or Varianten, each kind
    of count once), else None."""
    kinds = [_kind(m) for m in _COUNT.finditer(said)]
    once = len(set(kinds)) == len(kinds) and len(re.findall(r"Ziffer|Variante", said)) <= 1
    return votes(said) if once else None


def _label_for(labels: list[tuple[str, str]], top: str | None, paper_type: str | None,
               number: str | None) -> int | None:
    """Which labelled line is about this paper: the one naming its number, else a budget's
    numbered motion by its item ("Antrag 1.50:"), else by the paper's type: an amendment's
    own kind, else the Vorlage's (a Beschlussvorlage, Stellungnahme …: what was put to the
    vote as tabled); None when no one line is."""
    named = [i for i, (_, line) in enumerate(labels) if number and number in line]
    if len(named) == 1:
        return named[0]
    labels = [label for label, _ in labels]
    if top:
        hits = [i for i, lab in enumerate(labels) if top in _ITEM_NUMBER.findall(lab)]
        if len(hits) == 1:
            return hits[0]
    t = (paper_type or "").lower()
    kinds = [k for k in ("änderungs", "ergänzungs") if k in t]
    if kinds:  # an amendment ("Änderungs-/Ergänzungsantrag": either)
        hits = [i for i, lab in enumerate(labels) if any(k in lab.lower() for k in kinds)]
        return hits[0] if len(hits) == 1 else None
    words = [m.group(0) if (m := _KIND_WORD.search(lab.lower())) else "" for lab in labels]
    if "antrag" in t and "stellungnahme" not in t:
        hits = [i for i, w in enumerate(words) if w == "antrag"]
    else:
        hits = [i for i, w in enumerate(words) if w.endswith("vorlage")]
    return hits[0] if len(hits) == 1 else None


def for_item(said: dict, top: str | None, paper_type: str | None = None,
             number: str | None = None) -> dict | None:
    """What a protocol (:func:`closing_decision`) says of agenda item ``top`` (``9.1``): where
    its Abstimmungsergebnis gives each item a line, that item's lines alone, with their votes
    where they state one vote, and — only for the item the result lists first,
    the protocol's own — the decision; None when it lists other items only. A protocol that
    lists no items is returned as it is."""
    m = _ITEM_NUMBER.search(top or "")  # "7." (Hürtgenwald), "Ö 14.1": the number
    top = m.group(0) if m else None
    items = said.get("items")
    if not items:
        labels = said.get("labels") or []
        out = {k: v for k, v in said.items() if k not in ("items", "labels")}
        mine = _label_for(labels, top, paper_type, number) if len(labels) > 1 else None
        if mine is not None:  # the line about this paper (a Vorlage's, an amendment's)
            line = labels[mine][1]
            out.update(outcome=line, quote=line[:300], votes=_one_vote(line))
        return out
    if top is None and len({t for tops, _ in items for t in tops}) == 1:
        top = items[0][0][0]
    mine = [line for tops, line in items if top in tops]
    if not mine:
        return None
    said_all = " ".join(mine)
    return {"outcome": "; ".join(mine),
            "decision": said["decision"] if top == items[0][0][0] else None,
            "quote": said_all[:300], "page": said["page"], "votes": _one_vote(said_all)}


def _labelled(text: str, first: str, page: int, decision: str | None) -> dict | None:
    """The result of an Abstimmungsergebnis giving a line to each paper put to the vote (or
    one line wrapped onto the next): all the lines, and each its own (``labels``)."""
    labels = _label_lines(text)
    if not (len(labels) > 1 or (labels and len(labels[0][1]) > len(first.strip()))):
        return None
    said = "; ".join(line for _, line in labels)
    return {"outcome": said, "decision": decision, "quote": said[:300], "page": page,
            "votes": _one_vote(said) if len(labels) == 1 else None, "items": [],
            "labels": labels}


def closing_decision(pages: list[tuple[int, str]]) -> dict[str, object] | None:
    """``{"outcome", "decision", "quote", "page", "votes"}`` of a protocol given as
    (page number, text) pairs, or None when it states no vote; ``"items"`` too where its
    Abstimmungsergebnis gives a line per agenda item (:func:`for_item` picks one's)."""
    for page, text in pages:
        text = re.sub(r"-[ \t]*\n[ \t]*(?=[a-zäöüß])", "", text)  # zuge-⏎stimmt
        text = re.sub(r"-[ \t]*\n[ \t]*", "-", text)  # NEIN-⏎Stimmen
        m = _HEAD.search(text)
        if m:
            decision = _one_line(m.group("decision"))
            labelled = _labelled(text[m.start("outcome"):], m.group("outcome"), page, decision)
            if labelled:
                return labelled
            quote = _one_line(m.group(0))
            return {"outcome": _one_line(m.group("outcome")),
                    "decision": decision, "quote": quote[:300],
                    "page": page, "votes": votes(m.group("outcome")),
                    "items": _item_lines(text[m.start("outcome"):])}
        m = _OUTCOME.search(text)
        if m:
            labelled = _labelled(text[m.start("outcome"):], m.group("outcome"), page, None)
            if labelled:
                return labelled
            return {"outcome": _one_line(m.group("outcome")), "decision": None,
                    "quote": _one_line(m.group(0))[:300], "page": page,
                    "votes": votes(m.group(0)), "items": _item_lines(text[m.start("outcome"):])}
    for page, text in reversed(pages):
        flat = _one_line(text)
        end = flat.find("Zur Beurkundung")
        flat = flat[:end] if end >= 0 else flat
        flat = flat[-CLOSING:]  # the chair's closing words, not the debate before them
        sentences = re.split(r"(?<=[.!?])\s+|\s+[–-]\s+(?=[A-ZÄÖÜ])", flat)
        for sentence in reversed(sentences):
            sentence = sentence.strip(" –-")
            if _VOTE_WORDS.search(sentence) and len(sentence) <= 300:
                return {"outcome": None, "decision": None, "quote": sentence,
                        "page": page, "votes": votes(sentence)}
        break  # only the last page with text closes the protocol
    return None


# Minutes of one agenda item (Stuttgart's Niederschrift): the chair states the result after
# "stellt … fest:" ("EBM Föll stellt fest: ⏎ Der Verwaltungsausschuss stimmt dem Beschlussantrag
# ohne Aussprache einmütig zu.", "Abschließend stellt OB Kuhn fest:", "hält fest:"), an
# election's after "gibt folgendes Wahlergebnis bekannt:" ("… Gegenstimmen: 2, Enthaltungen: 2.
# ⏎ Damit ist Herr Dr. B. zum Leiter … gewählt.")
_FINDS = re.compile(r"\b(?:stell(?:t|te)|hält|hielt)\b[^:\n]{0,80}?\bfest:[ \t]*\n?\s*")
_SENTENCE_END = re.compile(r"[.!:](?=\s|$)|\n[ \t]*\n|zum Seitenanfang")
_LAST_WORD = re.compile(r"(\w+)$")
# … a sentence stating a result (not the page's navigation after a cut-off "stellt fest:")
_RESULT = re.compile(r"beschlie(?:ßt|ssen)|beschlossen|stimm\w*\b.{0,120}\bzu\b|Zustimmung|"
                     r"einstimmig|einmütig|mehrheitlich|abgelehnt|angenommen|Kenntnis|vertagt|"
                     r"zurückgestellt|gewählt|verwiesen", re.DOTALL)
_ANNOUNCES = re.compile(r"\bgibt[ \t]+(?:folgendes[ \t]+)?(?:Wahl|Abstimmungs)ergebnis[ \t]+"
                        r"bekannt:\s*(?P<block>.{0,700})", re.DOTALL)
_ELECTED = re.compile(r"Damit[ \t]+(?:ist|sind)\b[^\n]{0,200}?\bgewählt\b[^.\n]{0,40}\.")
_COUNT_AFTER = re.compile(r"(?P<kind>Ja-Stimmen|Nein-Stimmen|Gegenstimmen|Enthaltungen)[ \t]*:"
                          r"[ \t]*(?P<n>\d{1,3})\b")
_FOR_ELECTED = re.compile(r"\bentfiel(?:en)?[ \t]+(?P<n>\d{1,3})[ \t]+Stimmen\b")
# counts as minutes print them besides :data:`_COUNT`: "bei 1 Stimmenthaltung", "14 Ja-, 3 …"
_COUNT_MORE = re.compile(r"(?P<n>\d{1,3})[ \t]+(?:(?P<abstain>Stimme?nt?haltung(?:en)?)\b|"
                         r"(?P<yes>Ja)-(?=[ \t]*(?:,|und\b|bei\b)))")


def _abbreviated(before: str) -> bool:
    """A full stop after this that ends no sentence: after an abbreviation the sentence
    splitter knows (and ``Ziffn.``), a single letter (``z.B.``) or a digit."""
    from ..extractors.sentences import ABBREVIATIONS

    m = _LAST_WORD.search(before)
    word = m.group(1).lower() if m else ""
    return bool(word) and (word in ABBREVIATIONS or word == "ziffn" or len(word) == 1
                           or word[-1].isdigit())


def _stated(text: str, start: int) -> str | None:
    """The sentence from ``start`` (after "stellt fest:"): up to its full stop, colon or
    exclamation mark (not one of an abbreviation or number), a blank line or the page's end."""
    pos = start
    while True:
        m = _SENTENCE_END.search(text, pos, start + 400)
        if m is None:
            end = min(len(text), start + 400)
            return text[start:end] if end == len(text) else None
        if m.group(0) == "." and _abbreviated(text[max(start, m.start() - 12):m.start()]):
            pos = m.end()
            continue
        return text[start:m.end() if m.group(0) in ".!:" else m.start()]


def _minutes_votes(sentence: str) -> dict[str, int] | None:
    out = dict(votes(sentence) or {})
    for m in _COUNT_MORE.finditer(sentence):
        out.setdefault("abstain" if m.group("abstain") else "yes", int(m.group("n")))
    return out or None


_ARTICLE = re.compile(r"^\s*(?:Der|Die|Das)\s+")


def _by_other(sentence: str, others: tuple[str, ...]) -> bool:
    """Whether the sentence states another body's result: its subject is one of ``others``
    (normalized; "Der Verwaltungsausschuss stimmt … zu." quoted in a Gemeinderat's minutes)."""
    said = normalize(_ARTICLE.sub("", sentence[:200]))
    return any(said.startswith(o) for o in others)


def own_decision(pages: list[tuple[int, str]], others: tuple[str, ...] = ()
                 ) -> dict[str, object] | None:
    """What minutes of one agenda item say was decided: the chair's last ``stellt … fest:``
    (or ``hält fest:``) sentence that states a result, or an election's ``Damit ist …
    gewählt.`` with the counts announced before it; None when they state neither (the
    debate's or the resolution's sentences are no result). A sentence whose subject is one
    of ``others`` (the committees of the earlier sessions the minutes list, not their own)
    is that session's result, quoted: "Vorgang: Verwaltungsausschuss vom 19.12.2018 …
    Dazu stellt BM Dr. Mayer fest: Der Verwaltungsausschuss stimmt … zu." in the minutes of
    the Gemeinderat of 20.12.2018."""
    others = tuple(normalize(o) for o in others if o)
    found = []  # (page, place, quote, counts) of each result stated: the last one counts
    for page, text in pages:
        text = re.sub(r"-[ \t]*\n[ \t]*", "-", text)
        for m in _ANNOUNCES.finditer(text):
            elected = _ELECTED.search(m.group("block"))
            if elected:
                block = m.group("block")[:elected.end()]
                counts = dict(_minutes_votes(block) or {})
                for c in _COUNT_AFTER.finditer(block):
                    counts.setdefault(_kind(c), int(c.group("n")))
                yes = _FOR_ELECTED.search(block)
                if yes:
                    counts.setdefault("yes", int(yes.group("n")))
                found.append((page, m.start(), _one_line(elected.group(0)), counts or None))
        for m in _FINDS.finditer(text):
            sentence = _stated(text, m.end())
            if sentence and _RESULT.search(sentence) and not _by_other(sentence, others):
                flat = _one_line(sentence)
                found.append((page, m.start(), flat, _minutes_votes(flat)))
    if not found:
        return None
    page, _, quote, counts = max(found, key=lambda f: f[:2])
    return {"outcome": None, "decision": None, "quote": quote[:300], "page": page,
            "votes": counts}
