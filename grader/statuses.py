"""The status of one participant's assignment. Column names and codes are constants here."""

DINILAI = "dinilai"
PERLU_PENILAIAN_MANUAL = "perlu_penilaian_manual"
TIDAK_MENGUMPULKAN = "tidak_mengumpulkan"
BERKAS_RUSAK = "berkas_rusak"
WAKTU_HABIS = "waktu_habis"
KERNEL_MATI = "kernel_mati"
GALAT = "galat"
TIDAK_DIKERJAKAN = "tidak_dikerjakan"   # submitted, but no answer cell was changed

LABELS = {
    DINILAI: "Dinilai",
    PERLU_PENILAIAN_MANUAL: "Perlu penilaian manual",
    TIDAK_MENGUMPULKAN: "Tidak mengumpulkan",
    BERKAS_RUSAK: "Berkas rusak",
    WAKTU_HABIS: "Waktu habis",
    KERNEL_MATI: "Kernel mati",
    GALAT: "Galat",
    TIDAK_DIKERJAKAN: "Tidak dikerjakan (notebook masih kosong)",
}

# Statuses whose submission went through the autograder and has scores in the gradebook.
SCORED = {DINILAI, PERLU_PENILAIAN_MANUAL, WAKTU_HABIS, KERNEL_MATI, TIDAK_DIKERJAKAN}
# Statuses an instructor should look at.
NEEDS_ATTENTION = {BERKAS_RUSAK, WAKTU_HABIS, KERNEL_MATI, GALAT, TIDAK_DIKERJAKAN}

# Columns of the machine-readable results file (bimtek grade --results FILE.csv).
RESULT_COLUMNS = ["id", "assignment", "status", "score", "max_score", "reason"]
