"""The browser harness is real: it runs the page's scripts, reads the DOM they leave, catches what
they log as errors, and takes a screenshot."""

from __future__ import annotations

from browser import render, require_chromium

PNG = b"\x89PNG\r\n\x1a\n"


def test_script_errors_and_script_set_text_are_seen(tmp_path):
    require_chromium()
    page = tmp_path / "scripted.html"
    page.write_text(
        '<!doctype html><meta charset="utf-8"><title>t</title>\n'
        '<p id="total">소스의 값</p>\n'
        "<script>\n"
        'console.error("boom");\n'
        'document.getElementById("total").textContent = "합계 " + (6 * 7).toLocaleString("en");\n'
        "</script>\n", encoding="utf-8")

    rendered = render(page, ["#total", "p", "#absent"])

    assert [(e["source"], e["level"], e["text"]) for e in rendered.errors] == [
        ("console", "error", "boom")]
    assert rendered.texts == {"#total": ["합계 42"], "p": ["합계 42"], "#absent": []}


def test_clean_page_has_no_errors_and_a_screenshot(tmp_path):
    require_chromium()
    page = tmp_path / "clean.html"
    page.write_text(
        '<!doctype html><meta charset="utf-8"><title>견적서</title>\n'
        '<table><tr><th>품명</th><th class="amount">금액</th></tr>'
        '<tr><td>레미콘</td><td class="amount">  1,234,000 </td></tr></table>\n'
        '<script>console.log("loaded");</script>\n', encoding="utf-8")
    shot = tmp_path / "clean.png"

    rendered = render(page, [".amount"], screenshot_to=shot)

    assert rendered.errors == []
    assert [e["text"] for e in rendered.console] == ["loaded"]
    assert rendered.texts == {".amount": ["금액", "1,234,000"]}
    assert rendered.screenshot.startswith(PNG) and len(rendered.screenshot) > 2000
    assert shot.read_bytes() == rendered.screenshot
    width = int.from_bytes(rendered.screenshot[16:20], "big")
    assert width == 1280
