"""Helpers for participants' notebooks: self-checks (``cek``), lesson display (``tampil``),
and the export of answers for grading (``ekspor``). Installed for participants; holds no
answers and no hidden checks."""
