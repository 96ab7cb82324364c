"""Text typed in the legacy Vietnamese encodings, TCVN3 (ABC, .VnTime fonts) and
VNI (VNI-Times fonts), read as Unicode.

Such text comes out of a .docx or a PDF as Latin-1 letters: "Céng hoµ x· héi"
(TCVN3), "Coäng hoøa xaõ hoäi" (VNI). Both convert by table: TCVN3 gives each
Vietnamese letter one code; VNI writes a vowel followed by a mark letter. No
maintained Python package does this, so the tables are written out here from
the encodings' definitions.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN3 (TCVN 5712:1993, VN3): lower-case letters; the capitals come from the
# same codes in a ".VnTimeH" font, so a decoded word that stands among capitals
# is upper-cased.
_TCVN3_LETTERS = {
    "a": "µ¸¶·¹", "ă": "»¾¼½Æ", "â": "ÇÊÈÉË", "e": "ÌÐÎÏÑ", "ê": "ÒÕÓÔÖ", "i": "×ÝØÜÞ",
    "o": "ßãáâä", "ô": "åèæçé", "ơ": "êíëìî", "u": "ïóñòô", "ư": "õøö÷ù", "y": "úýûüþ",
}
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng: the order of each code row
_TCVN3_PLAIN = {"ă": "¨", "â": "©", "đ": "®", "ê": "ª", "ô": "«", "ơ": "¬", "ư": "\u00ad",
                "Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}


def _with_tone(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", vowel + tone)


TCVN3 = {code: _with_tone(vowel, _TONES[i]) for vowel, codes in _TCVN3_LETTERS.items()
         for i, code in enumerate(codes)}
TCVN3.update({code: letter for letter, code in _TCVN3_PLAIN.items()})

# VNI: a vowel, then a mark letter. Lower-case marks; the capitals' marks are the
# same letters in upper case.
_VNI_TONE = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for vowel in "aeiouy":
        for mark, tone in _VNI_TONE.items():
            table[vowel + mark] = _with_tone(vowel, tone)
    for vowel in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            table[vowel + mark] = _with_tone(vowel + "\u0302", tone)
    for mark, tone in _VNI_BREVE.items():
        table["a" + mark] = _with_tone("a\u0306", tone)
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        for mark, tone in _VNI_TONE.items():
            table[base + mark] = _with_tone(letter, tone)
    table.update(_VNI_SINGLE)
    capitals = {k.upper(): v.upper() for k, v in table.items()}
    return table | capitals


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI), key=len, reverse=True)))


def _mostly_capitals(text: str) -> bool:
    words = [w for w in text.split() if not re.search(r"[\d/]", w)]  # codes (175/KH-UBND) say nothing
    letters = [c for w in words for c in w if c.isalpha() and c not in TCVN3]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def decode_tcvn3(text: str) -> str:
    out = []
    for line in text.split("\n"):
        shouting = _mostly_capitals(line)  # a line set in .VnTimeH: its capitals share the lower-case codes
        words = []
        for word in re.split(r"(\s+)", line):
            decoded = "".join(TCVN3.get(c, c) for c in word)
            plain = [c for c in word if c.isalpha() and c not in TCVN3]
            if decoded != word and (shouting or (len(plain) >= 2 and all(c.isupper() for c in plain))):
                decoded = decoded.upper()
            words.append(decoded)
        out.append("".join(words))
    return "\n".join(out)


def decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: VNI[m.group()], text)


DECODERS = {"TCVN3": decode_tcvn3, "VNI": decode_vni}


def repair_legacy(text: str, plausibility) -> tuple[str, str | None]:
    """The text in Unicode and the encoding it was in, when decoding makes it
    plausible Vietnamese and the text as it is was not; else (text, None)."""
    before = plausibility(text)
    best, name, score = text, None, before + 0.3  # a decoding must gain this much to be believed
    for encoding, decode in DECODERS.items():
        decoded = unicodedata.normalize("NFC", decode(text))
        after = plausibility(decoded)
        if after > score:
            best, name, score = decoded, encoding, after
    return best, name
