"""The training room end to end, in a real Chromium: log in, learn, fetch, validate, submit,
then collect, grade and report; and participants cannot see each other's work.

Participant 1 runs the M11 lesson and moves its week slider, fetches the M11 exercise from
nbgrader's assignment list, fills in the answers, validates and submits. Participant 2 submits
a half-done notebook. Participant 3 logs in and submits nothing. The answers are written into
the fetched notebook through the participant's own Jupyter server (its contents API, from the
participant's logged-in browser session): typing a whole notebook key by key would only test
the editor.
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from grader.simulate.notebooks import fill, solution_answers

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "m11_kurva_s"
SOLUTION = REPO / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
LESSON = "pelajaran/m11_kurva_s.ipynb"
SPAWN_TIMEOUT = 120_000
KERNEL_TIMEOUT = 120_000
VALIDATE_TIMEOUT = 180_000

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.hub, pytest.mark.timeout(900)]


def _expect():
    from playwright.sync_api import expect
    return expect


def login(browser, room, username: str, password: str):
    """A fresh browser context logged in as ``username``, its JupyterLab loaded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{room.url}/hub/login")
    page.fill("#username_input", username)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{username}/lab"), timeout=SPAWN_TIMEOUT)
    page.locator("#jp-MainMenu").wait_for(state="visible", timeout=SPAWN_TIMEOUT)
    return context, page


def api(page, room, username: str, method: str, path: str, data=None):
    """Call the participant's own Jupyter server with the browser's session (cookie + XSRF)."""
    xsrf = next((c["value"] for c in page.context.cookies() if c["name"] == "_xsrf"), "")
    response = page.request.fetch(f"{room.url}/user/{username}/api/{path.lstrip('/')}",
                                  method=method, headers={"X-XSRFToken": xsrf},
                                  data=json.dumps(data) if data is not None else None)
    return response


def click_menu_command(page, command: str) -> None:
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


def open_notebook(page, room, username: str, path: str):
    page.goto(f"{room.url}/user/{username}/lab/tree/{path}?reset")
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").filter(
        has=page.locator(".jp-Notebook .jp-Cell")).first
    panel.wait_for(state="visible", timeout=60_000)
    return panel


def wait_for_kernel(page, room, username: str, path: str) -> None:
    deadline = time.monotonic() + KERNEL_TIMEOUT / 1000
    while time.monotonic() < deadline:
        sessions = [s for s in api(page, room, username, "GET", "sessions").json()
                    if s.get("path") == path]
        kernel = sessions[0].get("kernel") if sessions else None
        if kernel:
            kernel = api(page, room, username, "GET", f"kernels/{kernel['id']}").json()
            if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) >= 1:
                return
        page.wait_for_timeout(300)
    raise AssertionError(f"Kernel untuk {path} tidak siap")


def open_assignment_list(page):
    click_menu_command(page, "nbgrader:open-assignment-list")
    released = page.locator("#released_assignments_list")
    released.wait_for(state="attached", timeout=60_000)
    return page


def fetch_assignment(page):
    expect = _expect()
    open_assignment_list(page)
    row = page.locator("#released_assignments_list .list_item").filter(has_text=ASSIGNMENT)
    expect(row).to_have_count(1, timeout=60_000)
    row.locator("button").click()
    fetched = page.locator("#fetched_assignments_list .list_item").filter(has_text=ASSIGNMENT)
    expect(fetched.first).to_be_visible(timeout=60_000)
    return fetched.first


def submit_assignment(page):
    expect = _expect()
    open_assignment_list(page)
    fetched = page.locator("#fetched_assignments_list .list_item").filter(has_text=ASSIGNMENT).first
    fetched.locator("button.btn-primary").filter(has_text="Submit").click()
    submitted = page.locator("#submitted_assignments_list .list_item").filter(has_text=ASSIGNMENT)
    expect(submitted.first).to_be_visible(timeout=60_000)


def write_answers(page, room, username: str, share: float) -> None:
    """Fill the first ``share`` of the answer cells of the fetched notebook with the solution."""
    path = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    response = api(page, room, username, "GET", f"contents/{path}?content=1")
    assert response.ok, response.text()
    nb = nbformat.from_dict(response.json()["content"])
    answers = solution_answers(nbformat.read(SOLUTION, as_version=4))
    keep = dict(list(answers.items())[: round(len(answers) * share)])
    filled = fill(nb, keep)
    response = api(page, room, username, "PUT", f"contents/{path}",
                   {"type": "notebook", "format": "json", "content": filled})
    assert response.ok, response.text()


def run_as(user: str, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], capture_output=True, text=True)


def test_room_journey(hub_room, browser, tmp_path):
    expect = _expect()
    room = hub_room
    journey_start = time.monotonic()
    p1, p2, p3 = room.accounts

    # --- participant 1: lesson, widget, fetch, answers, validate, submit
    context1, page = login(browser, room, p1["username"], p1["password"])
    # The interface is in Indonesian by default (the language pack is selected for everyone).
    settings = page.request.get(
        f"{room.url}/user/{p1['username']}/lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert settings.json()["schema"]["properties"]["locale"]["default"] == "id_ID", settings.text()[:300]
    notebook = open_notebook(page, room, p1["username"], LESSON)
    wait_for_kernel(page, room, p1["username"], LESSON)
    click_menu_command(page, "runmenu:run-all")
    slider = notebook.locator(".slider-minggu-m11")
    indicator = notebook.locator(".indikator-m11 .widget-html-content")
    slider.wait_for(state="attached", timeout=KERNEL_TIMEOUT)
    slider.scroll_into_view_if_needed()
    handle = slider.locator(".noUi-handle")
    start_week = int(float(handle.get_attribute("aria-valuenow")))
    expect(indicator).to_contain_text(f"Minggu ke-{start_week}")
    handle.focus()
    handle.press("ArrowLeft")
    expect(indicator).to_contain_text(f"Minggu ke-{start_week - 1}", timeout=30_000)
    page.screenshot(path=str(tmp_path / "peserta1_pelajaran.png"))

    fetch_assignment(page)
    write_answers(page, room, p1["username"], 1.0)
    exercise = open_notebook(page, room, p1["username"], f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    exercise.locator(".jp-NotebookPanel-toolbar jp-button.validate-button").click()
    dialog = page.locator(".jp-Dialog").filter(has=page.locator("#validation-message"))
    dialog.wait_for(state="visible", timeout=VALIDATE_TIMEOUT)
    expect(dialog.locator("#validation-message")).to_have_class(re.compile(r"\bvalidation-success\b"))
    dialog.locator("button.jp-mod-accept").click()
    page.screenshot(path=str(tmp_path / "peserta1_validasi.png"))
    submit_assignment(page)

    # --- participant 2: half-done notebook, submitted without validating
    context2, page2 = login(browser, room, p2["username"], p2["password"])
    # A participant cannot reach another participant's server, with or without a path.
    for path in ("api/contents", f"api/contents/{ASSIGNMENT}", "lab"):
        response = page.request.get(f"{room.url}/user/{p2['username']}/{path}")
        assert response.status == 403, (path, response.status, response.url)
    fetch_assignment(page2)
    write_answers(page2, room, p2["username"], 0.5)
    submit_assignment(page2)

    # --- participant 3: logs in, submits nothing
    context3, page3 = login(browser, room, p3["username"], p3["password"])
    memory = measure_memory(room, [p1["username"], p2["username"], p3["username"]])
    print("memori per peserta (MiB RSS, server + kernel):", memory)

    # --- isolation on the server's file system
    homes = room.base / "home"
    assert run_as(p1["username"], "ls", str(homes / p2["username"])).returncode != 0
    assert run_as(p1["username"], "cat", str(homes / p2["username"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")).returncode != 0
    inbound = room.inbound
    listing = run_as(p1["username"], "ls", str(inbound))
    assert listing.returncode != 0 and "Permission denied" in listing.stderr
    assert oct(inbound.stat().st_mode & 0o7777) == "0o2773"

    for context in (context1, context2, context3):
        context.close()

    # --- instructor: formgrader, collect, grade, report
    context4, page4 = login(browser, room, room.instructor, room.instructor_password)
    page4.goto(f"{room.url}/user/{room.instructor}/formgrader")
    expect(page4.locator("body")).to_contain_text(ASSIGNMENT, timeout=60_000)
    context4.close()

    collected = room.bimtek("hub", *room.hub_args(), "--kumpulkan", ASSIGNMENT)
    assert "Dikumpulkan: 2 peserta" in collected.stdout, collected.stdout
    # the instructor grades and reports as the instructor account (their JupyterLab terminal)
    results = room.course / "hasil.csv"
    graded = room.as_instructor("bimtek", "grade", ASSIGNMENT, "--course", str(room.course),
                                "--results", str(results), "--tanpa-progres")
    assert graded.returncode in (0, 3), graded.stdout + graded.stderr
    report = room.as_instructor("bimtek", "report", "--out", str(room.course / "laporan"),
                                "--course", str(room.course))
    assert (room.course / "laporan" / "rekap_nilai.xlsx").exists(), report.stdout + report.stderr

    import pandas as pd
    rows = pd.read_csv(results, dtype={"id": str}).set_index("id")
    full = rows.loc[p1["id"]]
    half = rows.loc[p2["id"]]
    none = rows.loc[p3["id"]]
    print(rows.to_string())
    # The exercise also has written answers graded by hand: a complete submission gets every
    # automatic point and waits for the instructor; the half-done one gets some of them.
    auto = automatic_points()
    assert full["status"] == "perlu_penilaian_manual" and full["score"] == auto, full.to_dict()
    assert half["status"] in ("dinilai", "perlu_penilaian_manual"), half.to_dict()
    assert 0 < half["score"] < auto, half.to_dict()
    assert none["status"] == "tidak_mengumpulkan", none.to_dict()
    print(f"waktu perjalanan lengkap: {time.monotonic() - journey_start:.0f} detik; "
          f"hub siap dalam {room.ready_seconds:.1f} detik")


def automatic_points() -> float:
    """Points of the autograded test cells of the exercise."""
    nb = nbformat.read(SOLUTION, as_version=4)
    return sum(cell.metadata["nbgrader"].get("points", 0) for cell in nb.cells
               if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
               and not cell.metadata["nbgrader"].get("solution"))


def measure_memory(room, usernames: list[str]) -> dict[str, float]:
    """RSS (MiB) of every process each participant runs: the single-user server and kernels."""
    import psutil
    totals = dict.fromkeys(usernames, 0.0)
    for proc in psutil.process_iter(["username", "memory_info"]):
        name = proc.info.get("username")
        if name in totals and proc.info.get("memory_info"):
            totals[name] += proc.info["memory_info"].rss / 2**20
    return {name: round(value) for name, value in totals.items()}
