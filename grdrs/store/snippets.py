"""Search snippets cut from a page's text in Python: the words of a query in ``[ ]``, about 14
words around the best place, ``…`` where the page goes on.

FTS5's own ``snippet()`` tokenizes the whole page again for each hit (pages of real papers run
to 12,000 characters), a quarter of what ``grdrs search`` costs. Here a page is lowered once
and the query's words are found with ``str.find`` (no regular expression: importing ``re``
alone costs a query command 4 ms); the window is the one holding the most different query
words, then the most matches, with the matches in its middle, as FTS5 chooses (the words
counted at spaces to choose it, cut at letters and digits to show it). A query word not found
as written is looked for without accents, as FTS5 compares words (``Schuler`` marks
``Schüler``, and ``Schu\u0308ler`` written with a combining mark as one word); a word found
as written is not (the page's other spelling of it stays unmarked). A page in which no word
is found this way (a character whose lower case is longer, ``İ``) gives ``None``: the caller
asks FTS5 for that page's snippet.

Words are what FTS5's ``unicode61`` tokenizer makes words: runs of letters and digits, the
combining marks it removes (``remove_diacritics 1``) inside them. A query is the user's text
as :func:`grdrs.store.files.fts_query` reads it (:func:`terms`): a trailing ``*`` is a prefix,
``563/2023`` is the phrase ``563 2023``, words in double quotes are a phrase, marked whole,
the terms after ``NOT`` up to the next ``OR`` or ``AND`` are not shown.
"""

from __future__ import annotations

_OPERATORS = ("OR", "AND", "NOT")
Phrase = tuple[tuple[str, ...], bool]  # (its words, lower case; the last one a prefix)

# What FTS5's unicode61 tokenizer (remove_diacritics 1) folds, read from SQLite itself: the
# lower-case Latin letters it takes as their base letter, and the combining marks it drops
# from a word (the other combining marks separate words there, as here).
_ACCENTED = ("àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřś"
             "ŝşšţťũūŭůűųŵŷźżžſơưǎǐǒǔǧǩǫǰǵǹȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȯȳḁḃḅḇḋḍḏḑḓḙḛḟḡḣḥḧ"
             "ḩḫḭḱḳḵḷḻḽḿṁṃṅṇṉṋṕṗṙṛṟṡṣṫṭṯṱṳṵṷṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙẛạảẹẻẽỉịọỏụủỳỵỷỹ")
_BASE = ("aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrs"
         "sssttuuuuuuwyzzzsouaiougkojgnaaeeiioorruusthaeoyabbbdddddeefghhh"
         "hhikkklllmmmnnnnpprrrssttttuuuvvwwwwwxxyzzzhtwysaaeeeiioouuyyyy")
_MARKS = ("\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u0309\u030a\u030b\u030c"
          "\u030f\u0311\u031b\u0323\u0324\u0325\u0326\u0327\u0328\u032d\u032e\u0330"
          "\u0331")
# (public: store.files tells a word's spellings apart by what FTS5 folds)
FOLD = str.maketrans(_ACCENTED, _BASE, _MARKS)
_FOLDS = {chr(k): chr(v) if v is not None else "" for k, v in FOLD.items()}


def _fold(text: str) -> str:
    """``text.translate(FOLD)``, five times as fast on a page: ``translate`` looks each of the
    page's characters up in the table (12 ms for a Karlsruhe page of 210,000 characters with a
    ``€``), here each character of the table the page holds (``ä``, ``ö``, ``ü``, ``é``) is
    replaced in one pass of its own (2 ms)."""
    for c in set(text) & _FOLDS.keys():
        text = text.replace(c, _FOLDS[c])
    return text


def _inword(c: str) -> bool:
    """A character of a word in the page as shown: a letter or digit, or a mark FTS5 drops."""
    return c.isalnum() or c in _MARKS


def _wordchar(c: str) -> bool:
    """A character of a word as FTS5's unicode61 tokenizer reads it: a letter, a digit or a
    private-use glyph (a PDF's bullet font, glued to the word after it: ``\uf07ddavon`` is
    no ``davon``)."""
    return _inword(c) or "\ue000" <= c <= "\uf8ff"


def has_word(text: str) -> bool:
    """Whether FTS5 reads a word in ``text`` (``""``, ``*`` or ``-`` alone: none)."""
    return any(_wordchar(c) for c in text)


def word_count(text: str) -> int:
    """How many words ``text`` is (``563/2023``: two)."""
    return len(_words(text))


def _words(text: str) -> list[str]:
    out, word = [], []
    for c in text:
        if _inword(c):
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
_WRITTEN = {"ae": "ä", "oe": "ö", "ue": "ü"}


def spellings(word: str) -> list[str]:
    """A query word (lower case) and its other German spellings: umlauts written out and back
    (``Bürger``/``Buerger``: ``ue`` not after a vowel or ``q``, as in ``neue``, ``Mauer``,
    ``Quelle``, nor at the word's end) and ``ß``/``ss`` (``Straße``/``Strasse``)."""
    low = word.lower()
    forms = [low]
    if any(c in low for c in _UMLAUTS):
        forms.append("".join(_UMLAUTS.get(c, c) for c in low))
    else:
        out, i = [], 0
        while i < len(low):
            pair = low[i:i + 2]
            if (pair in _WRITTEN and i + 2 < len(low) and low[i + 2].isalpha()
                    and (i == 0 or low[i - 1] not in "aeiouq")):
                out.append(_WRITTEN[pair])
                i += 2
            else:
                out.append(low[i])
                i += 1
        forms.append("".join(out))
    for form in list(forms):
        forms.extend(_sharp_s(form))
    return list(dict.fromkeys(forms))


def stem(word: str) -> str:
    """A lower-case word without its German inflection ending, to match every form of it as a
    prefix (``radwegen``/``radwege`` → ``radweg``, ``erneuter`` → ``erneut``); a short word
    keeps its ending (``kita``)."""
    for suffix in ("innen", "ungen", "ern", "en", "er", "es", "em", "e", "n", "s"):
        if len(word) > len(suffix) + 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _sharp_s(word: str) -> list[str]:
    """The word with each ``ß`` or ``ss`` written either way (``Wasserstrasse``:
    ``Wasserstraße``, ``Waßerstrasse`` …; up to three of them)."""
    parts, i = [""], 0
    while i < len(word):
        if word.startswith("ss", i) or word[i] == "ß":
            parts += [None, ""]  # a place written either way
            i += 2 if word[i] == "s" else 1
        else:
            parts[-1] += word[i]
            i += 1
    places = (len(parts) - 1) // 2
    if not places or places > 3:
        return []
    out = []
    for mask in range(1 << places):
        bits = iter(range(places))
        out.append("".join(p if p is not None else ("ß" if mask >> next(bits) & 1 else "ss")
                           for p in parts))
    return out


Term = tuple[str, tuple[str, ...]]  # ("op", (OR,)), ("word", (word,)), ("phrase", (words…))


def terms(query: str) -> list[Term]:
    """The query's terms in order: an operator (``OR``, ``AND``, ``NOT``), a word, or the words
    between two double quotes (a phrase; a ``*`` right after its closing quote goes on its last
    word). A quote without its closing quote makes the rest of the query the phrase; inside
    quotes an operator is a word. A word keeps its trailing ``*``; ``""`` is no term."""
    out: list[Term] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
        elif query[i] == '"':
            close = query.find('"', i + 1)
            end = n if close < 0 else close
            words = query[i + 1:end].split()
            i = end + 1
            if i < n and query[i] == "*":  # "Neugestaltung Kaiser"*
                i += 1
                if words and not words[-1].endswith("*"):
                    words[-1] += "*"
            if words:
                out.append(("phrase", tuple(words)))
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] != '"':
                j += 1
            word = query[i:j]
            out.append(("op" if word in _OPERATORS else "word", (word,)))
            i = j
    return out


MAX_FORMS = 16  # a phrase's spelled variants searched at most


def phrase_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A phrase's words (without ``*``) in their spellings (:func:`spellings`): as written,
    then all with ``ue``/``ss``, all with ``ü``/``ß`` (a page writes one way), then the rest
    by how few words differ from what was written, at most :data:`MAX_FORMS`."""
    each = [spellings(w) for w in words]
    sizes = [len(forms) for forms in each]
    plain = [[sum(c in "äöüß" for c in form) for form in forms] for forms in each]
    combos = list(dict.fromkeys([(0,) * len(sizes), tuple(p.index(min(p)) for p in plain),
                                 tuple(p.index(max(p)) for p in plain)]))

    # then, by how many words differ (1, 2, …), each combination in order, depth first with
    # a stack (a phrase of a thousand words is no recursion a thousand deep): a state is the
    # next word with other spellings (an index into `vary`), the changes still to make and
    # those made so far, (word, spelling); only the words with other spellings branch
    vary = [i for i, size in enumerate(sizes) if size > 1]
    for changes in range(1, len(vary) + 1):
        if len(combos) >= MAX_FORMS:
            break
        stack = [(0, changes, ())]
        while stack and len(combos) < MAX_FORMS:
            at, left, made = stack.pop()
            if not left:
                combo = [0] * len(sizes)
                for i, k in made:
                    combo[i] = k
                if tuple(combo) not in combos:
                    combos.append(tuple(combo))
            elif left <= len(vary) - at:  # enough words left to change
                i = vary[at]
                stack.extend((at + 1, left - 1, made + ((i, k),))
                             for k in range(sizes[i] - 1, 0, -1))
                stack.append((at + 1, left, made))  # this word as written first
    return [tuple(forms[k] for forms, k in zip(each, c)) for c in combos[:MAX_FORMS]]


def phrases(query: str) -> list[Phrase]:
    """The query's words and quoted phrases to show, each a phrase of words (``563/2023``:
    ``563``, ``2023``), in each of their spellings (:func:`phrase_forms`)."""
    out = []
    excluded = False  # after NOT up to the next OR/AND: FTS5 groups "Kita NOT Neubau Schule"
    for kind, term in terms(query):  # as Kita NOT (Neubau Schule)
        if kind == "op":
            excluded = term[0] == "NOT"
            continue
        if excluded:
            continue
        prefix = term[-1].endswith("*")
        for forms in phrase_forms(tuple(w.rstrip("*") for w in term)):
            tokens = tuple(t for form in forms for t in _words(form))
            if tokens:
                out.append((tokens, prefix))
    return list(dict.fromkeys(out))  # a word written twice is looked for once


def _match(low: str, at: int, tokens: tuple[str, ...], prefix: bool) -> int:
    """Where the phrase found at ``at`` ends, or -1 if it is not a phrase match there."""
    n = len(low)
    pos = at
    for k, token in enumerate(tokens):
        if k:  # (a private-use glyph between them is a word of its own in FTS5)
            while pos < n and not _wordchar(low[pos]):
                pos += 1
            if not low.startswith(token, pos):
                return -1
        pos += len(token)
        if k == len(tokens) - 1 and prefix:
            while pos < n and _wordchar(low[pos]):
                pos += 1
        elif pos < n and _wordchar(low[pos]):
            return -1
    return pos


def _hits(low: str, wanted: list[Phrase]) -> list[tuple[int, int, int]]:
    hits, n = [], len(low)
    for which, (tokens, prefix) in enumerate(wanted):
        size = len(tokens[0]) if len(tokens) == 1 and not prefix else 0  # one whole word
        at = low.find(tokens[0])
        while at >= 0:
            if at and _wordchar(low[at - 1]):
                end = -1
            elif size:  # (_match's answer, without its loop)
                end = at + size if at + size == n or not _wordchar(low[at + size]) else -1
            else:
                end = _match(low, at, tokens, prefix)
            if end >= 0:
                hits.append((at, end, which))
            at = low.find(tokens[0], max(end, at + 1))
    hits.sort()
    kept, last = [], 0  # two phrases over the same words: the first
    for hit in hits:
        if hit[0] >= last:
            kept.append(hit)
            last = hit[1]
    return kept


def written(low: str, word: str) -> bool:
    """Whether the lower-case text ``low`` has ``word`` (lower case) as a word of its own, as
    written (``für`` in ``… für die …``; ``ä`` not in ``während``)."""
    return bool(_hits(low, [((word,), False)]))


def _forward(text: str, pos: int, words: int) -> int:
    """The end of the ``words``-th word from ``pos``. (Here and below :func:`_inword` is
    written out: a call per character is most of what these loops cost.)"""
    n, end, marks = len(text), pos, _MARKS
    while words and pos < n:
        while pos < n and not (text[pos].isalnum() or text[pos] in marks):
            pos += 1
        while pos < n and (text[pos].isalnum() or text[pos] in marks):
            pos += 1
        end = pos
        words -= 1
    return end


def _back(text: str, pos: int, words: int) -> int:
    """The start of the ``words``-th word before ``pos`` (fewer at the page's start)."""
    start, marks = pos, _MARKS
    while words and pos > 0:
        while pos > 0 and not (text[pos - 1].isalnum() or text[pos - 1] in marks):
            pos -= 1
        if pos == 0:
            break
        while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in marks):
            pos -= 1
        start = pos
        words -= 1
    return start


def _count(text: str, start: int, end: int) -> int:
    """How many words start in ``text[start:end]``."""
    count, inside, marks = 0, False, _MARKS
    for c in text[start:end]:
        word = c.isalnum() or c in marks
        count += word and not inside
        inside = word
    return count


def _window(text: str, hits: list[tuple[int, int, int]], words: int) -> tuple[int, int]:
    """(start, end) of the best run of hits: from a hit, the hits ending within ``words``
    words of it (counted at spaces, for speed; the window shown is cut at words), the run
    with the most different query words, then the most hits, the first of equals.

    The words are counted once, from each hit to the next (a hit's first and last characters
    are no spaces), not again for each run; a gap of more than ``words`` words ends every
    run, so it is split at most ``words + 1`` times (a hit pages away costs no more than a
    near one). The different words of a run are counted as it moves (one hit in, one out)."""
    cap = words + 1
    # at[k]: the word hit k starts in, from the first hit's (each step at most ``cap``);
    # more[k]: the words hit k runs on over (a phrase over a line end), at most ``cap``
    at, total, prev = [], 0, hits[0][0]
    for start, _, _ in hits:
        total += len(text[prev:start + 1].split(None, cap)) - 1
        at.append(total)
        prev = start
    more = [len(text[s:e].split(None, cap)) - 1 for s, e, _ in hits]
    n = len(hits)
    seen = [0] * (max(h[2] for h in hits) + 1)  # hits of each query word in the run
    best, first, last, j, kinds = -1, 0, 0, 0, 0
    for i in range(n):
        if j == i:  # an empty run: this hit starts it (a later start reaches as far)
            seen[hits[i][2]] += 1
            kinds += seen[hits[i][2]] == 1
            j += 1
        while j < n and at[j] + more[j] - at[i] < words:  # hit j ends in word ≤ words
            seen[hits[j][2]] += 1
            kinds += seen[hits[j][2]] == 1
            j += 1
        score = 1000 * kinds + j - i
        if score > best:
            best, first, last = score, hits[i][0], hits[j - 1][1]
        seen[hits[i][2]] -= 1  # this hit leaves the run
        kinds -= seen[hits[i][2]] == 0
    return first, last


def cut(text: str, wanted: list[Phrase], words: int = 14) -> str | None:
    """The snippet of ``text`` for ``wanted`` (from :func:`phrases`), or None when none of
    them is found in it this way."""
    low = text.lower()
    if len(low) != len(text):  # offsets would not carry over
        return None
    hits = _hits(low, wanted)
    if len({h[2] for h in hits}) < len(wanted) and not low.isascii():
        # a word not found as written: compare without accents, as FTS5 does (not always:
        # translating every page costs a search on thousands of pages a fifth of its time)
        folded = _fold(low)
        # (a word of marks alone folds to nothing: FTS5 drops it from the phrase, and so here)
        bare = [(tuple(f for f in (t.translate(FOLD) for t in tokens) if f), prefix)
                for tokens, prefix in wanted]
        hits = _hits(folded, [(tokens, prefix) for tokens, prefix in bare if tokens])
    else:
        folded = low
    if not hits:
        return None
    if len(folded) != len(low):  # marks dropped: the hits' places in the page
        at = [i for i, c in enumerate(low) if c not in _MARKS]
        n = len(low)
        moved = []
        for s, e, which in hits:
            end = at[e - 1] + 1
            while end < n and low[end] in _MARKS:
                end += 1
            moved.append((at[s], end, which))
        hits = moved
    first, last = _window(text, hits, words)
    start = _back(text, first, max(0, (words - _count(text, first, last)) // 2))
    end = _forward(text, start, words)
    out, pos = [], start
    for s, e, _ in hits:
        if start <= s and e <= end:
            out += [text[pos:s], "[", text[s:e], "]"]
            pos = e
    out.append(text[pos:end])
    lead = "…" if any(c.isalnum() for c in text[:start]) else ""
    tail = "…" if any(c.isalnum() for c in text[end:]) else ""
    return lead + "".join(out) + tail
