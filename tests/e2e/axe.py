"""Accessibility engines for browser tests: axe-core and IBM Equal Access, WCAG 2.1 A/AA."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page) -> None:
    """Run axe-core on the page as it is now and fail with a readable list of violations."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"axe-core found violations on {page.url}:\n{report}"


# IBM Equal Access: a second engine, its own rules (landmarks, unique names...) ----------------
ACE_JS = (
    Path(__file__).resolve().parent.parent / "a11y/node_modules/accessibility-checker-engine/ace.js"
)
ACE_POLICY = "WCAG_2_1"  # the engine's WCAG 2.1 A and AA rule set
# Rules left out, each with the reason (the README names them under "Reliability and security").
ACE_SKIPPED_RULES: dict[str, str] = {}
_ACE_CHECK = """async ([policy, skipped]) => {
  const report = await new ace.Checker().check(document, [policy]);
  return report.results
    .filter((r) => r.value[0] === "VIOLATION" && r.value[1] === "FAIL")
    .filter((r) => !skipped.includes(r.ruleId))
    .map((r) => ({rule: r.ruleId, message: r.message, path: r.path.dom, snippet: r.snippet}));
}"""


def equal_access_violations(page) -> list[dict]:
    """Violations (not "potential" ones, not recommendations) of IBM's engine on the page."""
    if not page.evaluate("typeof ace !== 'undefined'"):
        page.evaluate(ACE_JS.read_text(encoding="utf-8"))
    return page.evaluate(_ACE_CHECK, [ACE_POLICY, list(ACE_SKIPPED_RULES)])


def assert_equal_access(page) -> None:
    """Run IBM's Equal Access engine on the page as it is now; fail listing each violation."""
    violations = equal_access_violations(page)
    report = "\n".join(
        f"{v['rule']}: {v['message']}\n    {v['path']}  {v['snippet'][:160]}" for v in violations
    )
    assert not violations, f"IBM Equal Access found {len(violations)} on {page.url}:\n{report}"
