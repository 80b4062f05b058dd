"""What an event of a track adds to its reports: learning gain, item analysis, pass list.

``evaluate`` reads them once from the results and the event folder; the PDF report, the
workbook, the pass list and the certificates are all written from the same ``Evaluation``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..course import Course
from ..errors import BimtekError
from ..simulate import mistakes as declared_mistakes
from ..tracks import POST, PRE, TEST_TITLES, Track
from ..tracks_event import course_track
from ..tests_prepost import read_manifest
from . import collect as c
from . import gain as g
from . import items as it

H_TUGAS = it.H_TUGAS
H_MODUL, H_KESALAHAN = "Modul", "Kesalahan umum"
H_SEL, H_TERLIHAT, H_PERSEN = "Pemeriksaan", "Jumlah terlihat", "Persen dari yang mengerjakan"
H_SOAL, H_PILIHAN, H_ISI, H_KUNCI = "Soal", "Pilihan", "Isi pilihan", "Kunci"
H_JUMLAH = "Jumlah memilih"
H_BENTUK, H_KR20, H_K = "Tes", "KR-20", "Jumlah soal"
H_RATA = "Rata-rata benar"
H_TUJUAN = "Tujuan pembelajaran"


@dataclass
class Evaluation:
    track: Track
    limits: list[float]
    gains: pd.DataFrame                               # one row per participant
    gain_groups: dict[str, pd.DataFrame]              # roster column -> per-group table
    gain_overall: dict
    items: pd.DataFrame                               # one row per check / test question
    reliability: pd.DataFrame                         # KR-20 per test form
    mistakes: pd.DataFrame                            # share of each declared mistake seen
    choices: pd.DataFrame                             # share choosing each option
    notes: list[str] = field(default_factory=list)
    certificates: list = field(default_factory=list)   # issued now (report.certificates)
    register: list = field(default_factory=list)       # the register as it will be saved

    @property
    def flagged(self) -> pd.DataFrame:
        return self.items[self.items[it.H_TANDA] != ""]


def _test_labels(manifest: dict | None, track: Track) -> dict[str, tuple[str, str]]:
    """Grade id -> (label, objective) of a test's questions."""
    if not manifest:
        return {}
    modules = {m.id: m for m in track.modules}
    out = {}
    for q in manifest["soal"]:
        module = modules.get(q["modul"])
        objective = (module.objectives[q["tujuan"] - 1]
                     if module and q["tujuan"] <= len(module.objectives) else "")
        short = module.label.split(" ", 1)[0] if module else q["modul"]
        out[q["sel"]] = (f"Soal {q['nomor']} ({q['butir']})", f"{short} — {objective}")
    return out


def _items_table(results: c.Results, course: Course, track: Track,
                 matrices: dict[str, it.Matrix]) -> pd.DataFrame:
    shorts = {a.name: a.short for a in results.assignments}
    rows = []
    for assignment, matrix in matrices.items():
        labels = it.check_labels(course, assignment)
        tests = _test_labels(read_manifest(course.root, assignment), track)
        for stats in it.analyse(matrix):
            label, objective = tests.get(stats["sel"], (labels.get(stats["sel"], stats["sel"]), ""))
            rows.append({
                H_TUGAS: shorts.get(assignment, assignment), it.H_BUTIR: label,
                H_TUJUAN: objective, it.H_N: stats["n"], it.H_P: round(stats["p"], 2),
                it.H_KAT_P: it.difficulty_band(stats["p"]), it.H_D: round(stats["d"], 2),
                it.H_KAT_D: it.discrimination_band(stats["d"]), it.H_R: round(stats["r"], 2),
                it.H_TANDA: "; ".join(stats["tanda"]), "_sel": stats["sel"],
                "_tugas": assignment})
    columns = [H_TUGAS, it.H_BUTIR, H_TUJUAN, it.H_N, it.H_P, it.H_KAT_P, it.H_D, it.H_KAT_D,
               it.H_R, it.H_TANDA, "_sel", "_tugas"]
    return pd.DataFrame(rows, columns=columns)


def _reliability(results: c.Results, matrices: dict[str, it.Matrix]) -> pd.DataFrame:
    rows = []
    for assignment in (PRE, POST):
        matrix = matrices.get(assignment)
        if matrix is None:
            continue
        rows.append({H_BENTUK: TEST_TITLES[assignment], H_K: len(matrix.checks),
                     it.H_N: len(matrix.ids),
                     H_RATA: round(float(matrix.right.sum(axis=1).mean()), 2),
                     H_KR20: round(it.kr20(matrix.right), 2)})
    return pd.DataFrame(rows, columns=[H_BENTUK, H_K, it.H_N, H_RATA, H_KR20])


def _mistakes(results: c.Results, course: Course, track: Track,
              matrices: dict[str, it.Matrix]) -> pd.DataFrame:
    rows = []
    for module in track.modules:
        matrix = matrices.get(module.assignment)
        if matrix is None:
            continue
        try:
            declared = declared_mistakes.declared(module)
        except BimtekError:
            continue
        seen = it.visible_messages(course, module.assignment, matrix.ids)
        total = len(matrix.ids)
        for mistake in declared.mistakes.values():
            if mistake.visible:
                count = sum(any(mistake.visible in m for m in messages)
                            for messages in seen.values())
                share = round(count / total * 100, 1) if total else math.nan
            else:
                count, share = math.nan, math.nan
            rows.append({H_MODUL: module.label.split(" ", 1)[0], H_KESALAHAN: mistake.description,
                         H_SEL: f"Soal {mistake.question()}", H_TERLIHAT: count,
                         H_PERSEN: share,
                         it.H_KETERANGAN: "" if mistake.visible else
                         "hanya ditangkap pemeriksaan tersembunyi; tidak dihitung dari pesan"})
    return pd.DataFrame(rows, columns=[H_MODUL, H_KESALAHAN, H_SEL, H_TERLIHAT, H_PERSEN,
                                       it.H_KETERANGAN])


def _choices(course: Course, matrices: dict[str, it.Matrix]) -> pd.DataFrame:
    rows = []
    for assignment in (PRE, POST):
        manifest = read_manifest(course.root, assignment)
        matrix = matrices.get(assignment)
        if not manifest or matrix is None:
            continue
        given = it.answers(course, assignment, matrix.ids)
        for q in manifest["soal"]:
            if q["jenis"] != "pilihan_ganda":
                continue
            letters = [it.chosen_letter(cells.get(f"jawab_soal{q['nomor']}", ""), q["jawaban"])
                       for cells in given.values()]
            for letter, text in q["pilihan"]:
                count = sum(1 for x in letters if x == letter)
                rows.append({H_BENTUK: TEST_TITLES[assignment], H_SOAL: f"Soal {q['nomor']}",
                             it.H_BUTIR: q["butir"], H_PILIHAN: letter, H_ISI: text,
                             H_KUNCI: "kunci" if letter == q["kunci_huruf"] else "",
                             H_JUMLAH: count,
                             H_PERSEN: round(count / len(letters) * 100, 1) if letters
                             else math.nan})
    return pd.DataFrame(rows, columns=[H_BENTUK, H_SOAL, it.H_BUTIR, H_PILIHAN, H_ISI, H_KUNCI,
                                       H_JUMLAH, H_PERSEN])


def evaluate(results: c.Results, course: Course) -> Evaluation | None:
    """The track's evaluation of ``results`` (None for an event without a track)."""
    track = course_track(course)
    if track is None:
        return None
    limits = list(course.settings.pita_gain)
    gains = g.per_participant(results, limits)
    groups = {column: g.per_group(gains, column, limits)
              for column in (c.KELAS, c.GELOMBANG, c.KABKOTA) if column in gains.columns}
    matrices = it.matrices(results)
    notes = []
    for assignment in (PRE, POST):
        manifest = read_manifest(course.root, assignment)
        if manifest:
            notes += [f"{TEST_TITLES[assignment]}: {n}" for n in manifest.get("catatan", [])]
    return Evaluation(track=track, limits=limits, gains=gains, gain_groups=groups,
                      gain_overall=g.overall(gains, limits),
                      items=_items_table(results, course, track, matrices),
                      reliability=_reliability(results, matrices),
                      mistakes=_mistakes(results, course, track, matrices),
                      choices=_choices(course, matrices), notes=notes)


# --- the track's outputs, written with the other reports ----------------------------------

def prepare(results: c.Results, course: Course) -> None:
    """Attach the evaluation and the certificates to be issued to ``results`` (track events)."""
    from . import certificates
    results.evaluation = evaluate(results, course)
    if results.evaluation is not None:
        issued, register = certificates.issue(results, course)
        results.evaluation.certificates = issued
        results.evaluation.register = register


def write_outputs(results: c.Results, folder) -> list[str]:
    """The pass list and the certificates, into ``folder``; returns the names written."""
    from . import certificates, passlist
    ev = results.evaluation
    if ev is None:
        return []
    passlist.write(results, ev.certificates, folder / passlist.PASSLIST_FILE)
    certificates.write_all(ev.certificates, results, folder)
    return [passlist.PASSLIST_FILE, certificates.CERT_DIR, certificates.CERT_ALL]


def commit(results: c.Results, course: Course) -> None:
    """Record the certificates issued (after the reports are in place)."""
    from . import certificates
    ev = results.evaluation
    if ev is not None and (ev.certificates or ev.register):
        certificates.save_register(course.root, ev.register)


def sheets(results: c.Results) -> dict[str, pd.DataFrame]:
    """The workbook's sheets for a track event, by name."""
    from . import passlist
    ev = results.evaluation
    if ev is None:
        return {}
    gains = ev.gains.rename(columns={col: c.ROSTER_LABELS.get(col, col) for col in ev.gains})
    out = {"Kelulusan": passlist.table(results, ev.certificates), "Gain per peserta": gains}
    for column, table in ev.gain_groups.items():
        out[f"Gain per {c.ROSTER_LABELS.get(column, column).lower()}"[:31].replace("/", "-")] = table
    out["Analisis butir"] = ev.items.drop(columns=["_sel", "_tugas"])
    out["Reliabilitas tes"] = ev.reliability
    out["Pilihan jawaban tes"] = ev.choices
    out["Kesalahan umum"] = ev.mistakes
    return out
