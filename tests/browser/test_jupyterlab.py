"""End-to-end tests in a real Chromium: the M11 lesson and the M11 exercise in JupyterLab.

The interface runs in Indonesian (see ``conftest._write_lab_settings``), so menu items and
buttons are found by ``data-command`` or by the class names that the extensions set,
never by their labels.

Run: ``bash tests/browser/ensure_chromium.sh`` once, then
``BIMTEK_REQUIRE_BROWSER=1 python -m pytest tests/browser -q``.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LESSON = "course/m11_kurva_s.ipynb"
EXERCISE = "exercises/m11_kurva_s/m11_kurva_s.ipynb"

KERNEL_TIMEOUT = 90_000      # ms: kernel start plus running the whole lesson
VALIDATE_TIMEOUT = 120_000   # ms: nbgrader runs the whole exercise on the server
STEPS_LEFT = 3               # ArrowLeft presses on the week slider

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(300)]


def _expect():
    from playwright.sync_api import expect
    return expect


def open_notebook(page, server, path: str):
    """Open ``path`` in a clean workspace and return the notebook panel locator."""
    page.goto(server.url(f"lab/tree/{path}", reset=""))
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").filter(
        has=page.locator(".jp-Notebook .jp-Cell"))
    panel.first.wait_for(state="visible", timeout=60_000)
    # The tab for this file is the current one.
    _expect()(page.locator(".lm-TabBar-tab.jp-mod-current").filter(
        has_text=Path(path).name).first).to_be_visible()
    return panel.first


def wait_for_kernel(page, server, path: str, timeout: float = KERNEL_TIMEOUT / 1000) -> None:
    """Wait until the notebook's kernel is idle and the page is connected to it.

    Running cells before the page has its kernel makes JupyterLab ask which kernel to use
    (a "Select Kernel" dialog), so Run All must wait for this. The server's REST API says
    when the page's websocket to the kernel is open (``connections``).
    """
    deadline = time.monotonic() + timeout
    state = "no session"
    while time.monotonic() < deadline:
        sessions = [s for s in server.api("GET", "sessions") if s.get("path") == path]
        kernel = sessions[0].get("kernel") if sessions else None
        if kernel:
            kernel = server.api("GET", f"kernels/{kernel['id']}")
            state = f"{kernel.get('execution_state')}, {kernel.get('connections')} connection(s)"
            if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"Kernel untuk {path} tidak siap dalam {timeout:.0f} detik ({state})")
    _expect()(page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name="executionProgress"] '
                           '.jp-Notebook-ExecutionIndicator').first).to_have_attribute("data-status", "idle")


def click_menu_command(page, command: str) -> None:
    """Open the main-menu item whose menu holds ``data-command=command`` and click that entry.

    Works whatever the interface language, since only ``data-command`` is matched.
    """
    entry = page.locator(f'.lm-Menu li.lm-Menu-item[data-command="{command}"]')
    items = page.locator("#jp-MainMenu li.lm-MenuBar-item")
    for index in range(items.count()):
        items.nth(index).click()
        page.locator(".lm-Menu").first.wait_for(state="visible", timeout=5_000)
        if entry.count():
            entry.first.click()
            return
        page.keyboard.press("Escape")
        page.locator(".lm-Menu").first.wait_for(state="detached", timeout=5_000)
    raise AssertionError(f"Tidak ada menu utama yang memuat perintah {command!r}")


def screenshot(page, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    page.screenshot(path=str(target), full_page=False)
    print(f"tangkapan layar: {target}")
    return target


def test_lesson_m11_interactive_panel(lab_server, page, tmp_path):
    """Run All on the M11 lesson; the week slider drives the indicator table and the plot."""
    expect = _expect()
    notebook = open_notebook(page, lab_server, LESSON)
    wait_for_kernel(page, lab_server, LESSON)

    click_menu_command(page, "runmenu:run-all")

    slider = notebook.locator(".slider-minggu-m11")
    indicator = notebook.locator(".indikator-m11 .widget-html-content")
    slider.wait_for(state="attached", timeout=KERNEL_TIMEOUT)
    indicator.wait_for(state="attached", timeout=KERNEL_TIMEOUT)
    slider.scroll_into_view_if_needed()

    # No cell raised an error or wrote to stderr while running the lesson.
    assert notebook.locator(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0

    handle = slider.locator(".noUi-handle")
    start_week = int(float(handle.get_attribute("aria-valuenow")))
    assert start_week > STEPS_LEFT, f"penggeser mulai di minggu {start_week}"
    expect(indicator).to_contain_text(f"Minggu ke-{start_week}")
    expect(indicator).to_contain_text("Status kontrak")
    before = indicator.inner_text()

    # The static kurva S plot and the panel's plot are rendered, loaded images.
    images = notebook.locator(".jp-OutputArea-output img")
    expect(images.first).to_be_visible(timeout=30_000)
    assert images.count() >= 2, "harus ada gambar kurva S statis dan gambar di panel"
    for index in range(images.count()):
        assert images.nth(index).evaluate("img => img.complete && img.naturalWidth > 0"), \
            f"gambar ke-{index + 1} tidak termuat"
    panel_image = notebook.locator(".widget-vbox:has(.slider-minggu-m11) .jp-OutputArea-output img")
    expect(panel_image).to_have_count(1)

    # Move the slider with the keyboard, like a participant using the arrow keys. One step
    # at a time: each step first updates the table, then redraws the plot, and a plot still
    # on its way from an earlier step must not be mistaken for the last one.
    handle.focus()
    src = panel_image.get_attribute("src")
    assert src, "gambar panel tanpa src"
    for step in range(1, STEPS_LEFT + 1):
        week = start_week - step
        handle.press("ArrowLeft")
        expect(handle).to_have_attribute("aria-valuenow", re.compile(rf"^{week}(\.0)?$"))
        expect(slider.locator(".widget-readout")).to_have_text(str(week))
        expect(indicator).to_contain_text(f"Minggu ke-{week}", timeout=30_000)
        expect(panel_image).not_to_have_attribute("src", src, timeout=30_000)
        expect(panel_image).to_have_count(1)
        src = panel_image.get_attribute("src")
        assert src, "gambar panel tanpa src"
    after = indicator.inner_text()
    assert after != before
    assert f"Minggu ke-{start_week}" not in after

    # The panel alone (slider, indicator table, plot) and the page around it.
    shot = tmp_path / "m11_panel_interaktif.png"
    notebook.locator(".widget-vbox:has(.slider-minggu-m11)").screenshot(path=str(shot))
    print(f"tangkapan layar: {shot}")
    assert shot.stat().st_size > 10_000
    indicator.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "m11_halaman.png")


def _grade_cell_sources(path: Path) -> set[str]:
    """Sources of the cells nbgrader grades (tests and written answers), as nbgrader shows them."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return {
        _normalise("".join(cell["source"]))
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    }


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def test_exercise_m11_validate_untouched_fails(lab_server, page, tmp_path):
    """nbgrader's Validate button on the untouched exercise reports every graded cell failing."""
    expect = _expect()
    notebook = open_notebook(page, lab_server, EXERCISE)

    validate = notebook.locator(".jp-NotebookPanel-toolbar jp-button.validate-button")
    expect(validate).to_be_visible()
    validate.click()

    dialog = page.locator(".jp-Dialog").filter(has=page.locator("#validation-message"))
    dialog.wait_for(state="visible", timeout=VALIDATE_TIMEOUT)
    message = dialog.locator("#validation-message")
    shot = screenshot(page, tmp_path, "m11_validate.png")
    assert shot.stat().st_size > 10_000

    # nbgrader 0.9 marks the result with classes: an error dialog, a failed validation.
    expect(dialog).to_have_class(re.compile(r"\bnbgrader-ErrorDialog\b"))
    expect(message).to_have_class(re.compile(r"\bvalidation-failed\b"))
    expect(message).not_to_have_class(re.compile(r"\bvalidation-success\b"))

    # Each failure is a pair of <pre>: the cell source, then its error output.
    blocks = message.locator(":scope > .jp-RenderedText > pre").all_inner_texts()
    assert len(blocks) % 2 == 0 and blocks, blocks[:2]
    failed_sources = {_normalise(text) for text in blocks[0::2]}
    errors = blocks[1::2]
    expected = _grade_cell_sources(REPO / EXERCISE)
    assert failed_sources == expected, (
        f"tak terduga: {sorted(failed_sources - expected)}; tidak gagal: {sorted(expected - failed_sources)}")
    # The data-loading cell ran fine (data/ found next to the notebook): the first failure is
    # the first test's own Indonesian message, not a missing file.
    assert "Belum tepat" in errors[0]
    assert "Variabel total_rab belum ada" in errors[0]
    assert not any("FileNotFoundError" in error for error in errors)

    dialog.locator("button.jp-mod-accept").click()
    expect(dialog).to_have_count(0)
