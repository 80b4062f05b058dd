"""Compare a pre-test or post-test answer with its key (used by the tests' hidden checks).

Nothing here holds a key: the keys are written in the instructor's copy of the test only. A
multiple-choice answer is a letter; a short answer is a number or a text. Numbers are read the
Indonesian way ("1.102,5" is one thousand one hundred and two and a half, "30.000.000" thirty
million) and the English way ("1102.5"); a scale word (ribu, juta, miliar, triliun) may follow.
"""
from __future__ import annotations

import math
import numbers
import re

__all__ = ["cocok_pilihan", "cocok_isian", "angka_dalam"]

SKALA = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9,
         "triliun": 1e12}
_ANGKA = re.compile(r"[-−]?\d[\d.,]*\d|[-−]?\d")
_SKALA_SESUDAH = re.compile(r"^\s*(" + "|".join(SKALA) + r")\b", re.I)


def _baca(token: str) -> float:
    """One number token, Indonesian or English notation."""
    token = token.replace("−", "-")
    sign = -1.0 if token.startswith("-") else 1.0
    token = token.lstrip("-")
    if "," in token:
        if token.count(",") > 1 and "." not in token:        # 1,000,000 (English thousands)
            return sign * float(token.replace(",", ""))
        if "." in token and token.rfind(".") > token.rfind(","):   # 1,234.5 (English)
            return sign * float(token.replace(",", ""))
        return sign * float(token.replace(".", "").replace(",", "."))
    if "." in token:
        if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", token):   # 30.000.000 (Indonesian thousands)
            return sign * float(token.replace(".", ""))
        if token.count(".") == 1:
            return sign * float(token)                      # 1102.5 or 0.075
        return math.nan
    return sign * float(token)


def angka_dalam(teks) -> list[tuple[float, float]]:
    """The numbers in ``teks`` with their scale (1, or 1e6 for "juta", ...), in order."""
    if isinstance(teks, bool):
        return []
    if isinstance(teks, numbers.Number):
        nilai = float(teks)
        return [] if math.isnan(nilai) or math.isinf(nilai) else [(nilai, 1.0)]
    if not isinstance(teks, str):
        return []
    found = []
    for match in _ANGKA.finditer(teks):
        token = match.group(0).rstrip(".,")
        nilai = _baca(token)
        if math.isnan(nilai):
            continue
        scale = _SKALA_SESUDAH.match(teks[match.end():])
        found.append((nilai, SKALA[scale.group(1).lower()] if scale else 1.0))
    return found


def _desimal(token: str) -> int:
    """Decimals written in a key's number ("266,7" -> 1)."""
    token = token.rstrip(".,")
    if "," in token:
        return len(token.rsplit(",", 1)[1])
    if "." in token and not re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", token):
        return len(token.rsplit(".", 1)[1])
    return 0


def _teks_baku(teks: str) -> str:
    teks = teks.lower().replace("−", "-")
    teks = re.sub(r"[^\w%.,-]+", " ", teks)
    return " ".join(teks.replace('"', " ").split()).strip(" .,")


def _sama_angka(jawab: tuple[float, float], kunci: tuple[float, float], toleransi: float) -> bool:
    """An answer with a scale word ("30 juta") is compared in full; one without may be written
    in the key's unit (57,62 for "Rp 57,62 miliar") or in full (57620000000)."""
    nilai, skala = jawab
    harap, skala_kunci = kunci
    pairs = [(nilai * skala, harap * skala_kunci, toleransi * skala_kunci)]
    if skala == 1.0:
        pairs.append((nilai, harap, toleransi))
    return any(abs(a - b) <= tol + 1e-9 * max(1.0, abs(b)) for a, b, tol in pairs)


def cocok_isian(jawaban, kunci: str) -> bool:
    """Does a short answer match the key? With numbers in the key, the answer's numbers must
    match them in order (within half a unit of the key's last decimal; a scale word such as
    "juta" may be written or left out); without numbers, the words must match."""
    if jawaban is None or isinstance(jawaban, bool):
        return False
    if not isinstance(jawaban, (str, numbers.Number)):
        return False
    tokens = [m.group(0) for m in _ANGKA.finditer(kunci)]
    harap = angka_dalam(kunci)
    if harap:
        dapat = angka_dalam(jawaban)
        if len(dapat) != len(harap):
            return False
        toleransi = [0.5 * 10 ** -_desimal(t) if _desimal(t) else 0.0 for t in tokens]
        return all(_sama_angka(a, b, t) for a, b, t in zip(dapat, harap, toleransi))
    return isinstance(jawaban, str) and _teks_baku(jawaban) == _teks_baku(kunci)


def cocok_pilihan(jawaban, kunci: str) -> bool:
    """Is the chosen letter the key's letter (case and spaces ignored)?"""
    return isinstance(jawaban, str) and jawaban.strip().strip(".)").upper() == kunci.upper()
