"""kb's stylesheet in a real Neo4j Browser: the Browser served by the throwaway Neo4j, driven by headless
Chromium through Selenium, connects, takes `kb schema --style` by `:style`, runs a graph query on the
example claims, and must draw the nodes with kb's captions and colours and the facts with kb's captions.

Needs Java and Maven (the throwaway Neo4j, with HTTP) and Chromium with its chromedriver (Debian:
`apt-get install chromium chromium-driver`). Nothing is downloaded: Selenium is handed both binaries, and
Selenium Manager is never run. Missing tools skip the test, or fail it under KB_REQUIRE_BROWSER=1 (Chromium)
or KB_REQUIRE_NEO4J=1 (Java, Maven). The screenshot goes to the test's temporary folder;
KB_UPDATE_SCREENSHOT=1 also writes it to docs/neo4j-browser.png.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import NEO4J_TEST_PASSWORD, REPO, _no_neo4j, run_kb
from test_style import parse_grass

pytestmark = pytest.mark.neo4j

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KB_CHROMEDRIVER", "/usr/bin/chromedriver")
REQUIRE_BROWSER = os.environ.get("KB_REQUIRE_BROWSER") == "1"
SCREENSHOT = REPO / "docs" / "neo4j-browser.png"
EXAMPLE = REPO / "examples" / "example-claims.yaml"
# The closed network refuses Chromium's own traffic (updates, sync, field trials): the background flags keep
# it from trying. A fresh profile per run (--user-data-dir, added below) means a fresh Browser: no saved
# connection, style or settings.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000", "--force-device-scale-factor=1",
                  "--lang=en-US")
WAIT = 90  # seconds for any one step in the page: a few seconds each in a healthy run, more on a loaded machine
# Russia's neighbourhood among entities, up to two facts away: States, an Organization and People.
PARAM = ":param actor => 'Russia'"
QUERY = """MATCH (a:Entity {name: $actor})
MATCH p = (a)-[*1..2]-(:Entity)
WHERE all(n IN nodes(p) WHERE n:Entity)
RETURN p"""


def _no_browser(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"KB_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _check_browser_tools() -> None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            _no_browser(f"no {path} for the Neo4j Browser test (Debian: apt-get install {package})")
    try:
        import selenium  # noqa: F401
    except ImportError:
        _no_browser("selenium is not installed (pip install -e '.[test]')")


def _chrome(profile: Path):
    """Headless Chromium at CHROMIUM, driven through CHROMEDRIVER: no Selenium Manager, no download."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common import selenium_manager

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")

    def refuse(*args, **kwargs):
        raise AssertionError("Selenium Manager was asked for a driver or a browser")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SE_OFFLINE", "true")
        mp.setattr(selenium_manager.SeleniumManager, "binary_paths", refuse)
        return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


class Page:
    """The Browser page, with explicit waits that fail fast on an error frame and keep a screenshot of the
    page as it was when a wait gave up."""

    def __init__(self, driver, folder: Path):
        self.driver = driver
        self.folder = folder

    def wait(self, what: str, condition, timeout: float = WAIT):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        def check(driver):
            errors = driver.find_elements(
                By.CSS_SELECTOR, '[data-testid="cypherFrameErrorMessage"], [data-testid="errorBanner"]')
            shown = [e.text.strip() for e in errors if e.text.strip()]
            if shown:
                raise AssertionError(f"Neo4j Browser shows an error while waiting for {what}: {shown}")
            return condition(driver)

        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.25).until(check)
        except TimeoutException:
            shot = self.folder / "timeout.png"
            self.driver.save_screenshot(str(shot))
            pytest.fail(f"Neo4j Browser: waited {timeout} s for {what} in vain (the page then: {shot})",
                        pytrace=False)

    def connect(self, url: str) -> None:
        """Open the Browser on the server's Bolt address with "No authentication" chosen; it connects at
        once, or shows its connect form, which is then submitted."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        self.driver.get(url + "&preselectAuthMethod=NO_AUTH")
        connected = "//h3[normalize-space()='Connected to Neo4j']"

        def ready(driver):
            return (driver.find_elements(By.XPATH, connected)
                    or driver.find_elements(By.CSS_SELECTOR, '[data-testid="connect"]'))

        found = self.wait("connection or connect form", ready)
        if found[0].get_attribute("data-testid") == "connect":
            Select(self.driver.find_element(By.CSS_SELECTOR, '[data-testid="authenticationMethod"]')) \
                .select_by_value("NO_AUTH")
            found[0].click()
            self.wait("connection", lambda d: d.find_elements(By.XPATH, connected))

    def run(self, command: str) -> None:
        """Paste `command` into the Browser's editor and run it, as a user would. Pasting, not typing: the
        editor would close brackets and quotes as they are typed and offer completions, and typing 5 kB
        takes long. (Headless Chromium has a clipboard of its own: parallel runs do not share it.)"""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys

        d = self.driver
        editor = self.wait("the editor", lambda d: d.find_element(By.CSS_SELECTOR, "#monaco-main-editor"))
        d.execute_cdp_cmd("Browser.grantPermissions", {
            "origin": d.execute_script("return location.origin"),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        res = d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.writeText(arguments[0]).then(() => done('ok'), e => done(String(e)));", command)
        assert res == "ok", f"could not put the command on the clipboard: {res}"
        editor.click()
        ActionChains(d).key_down(Keys.CONTROL).send_keys("v").key_up(Keys.CONTROL).perform()
        self.wait("the pasted command in the editor",
                  lambda d: d.find_element(By.CSS_SELECTOR, "#monaco-main-editor .view-lines").text.strip())
        d.find_element(By.CSS_SELECTOR, '[data-testid="editor-Run"]').click()

    def frame_text(self, needle: str) -> None:
        self.wait(f"a frame showing {needle!r}", lambda d: d.execute_script(
            "return [...document.querySelectorAll('[data-testid=\"frameContents\"]')]"
            ".some(f => f.textContent.includes(arguments[0]))", needle))


# What the graph view drew, read in one go: nodes with their circle's colours and caption lines,
# relationships with their caption.
READ_GRAPH = """
const layer = document.querySelector('article[data-testid="frame"] g.layer.nodes');  // the one graph
if (!layer) return null;
const svg = layer.closest('svg');
const nodes = [...svg.querySelectorAll('g.node')].map(g => {
  const circle = g.querySelector('circle.b-outline');
  const texts = [...g.querySelectorAll('text.caption')];
  return {label: g.getAttribute('aria-label'), transform: g.getAttribute('transform'),
          fill: circle && circle.getAttribute('fill'), stroke: circle && circle.getAttribute('stroke'),
          textFill: texts.length ? texts[0].getAttribute('fill') : null,
          lines: texts.map(t => t.textContent.trim())};
});
const rels = [...svg.querySelectorAll('g.relationship')].map(g => {
  const t = g.querySelector('text');
  return t ? t.textContent.trim() : '';
});
return {nodes, rels, view: layer.parentNode.getAttribute('transform')};
"""


def expected_graph(bolt_uri: str) -> tuple[dict[str, dict], list[dict]]:
    """The query's nodes by the Browser's name for them ("graph-node<id>"), and every relationship among
    them (the Browser also draws those the query did not return)."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(bolt_uri, auth=("neo4j", NEO4J_TEST_PASSWORD),
                              notifications_min_severity="OFF") as driver:
        records, _, _ = driver.execute_query(
            "CALL { " + QUERY.replace("RETURN p", "UNWIND nodes(p) AS n RETURN DISTINCT n") + " } "
            "RETURN id(n) AS id, labels(n) AS labels, properties(n) AS props", actor="Russia")
        nodes = {f"graph-node{r['id']}": {"labels": r["labels"], "props": r["props"]} for r in records}
        records, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) WHERE id(a) IN $ids AND id(b) IN $ids "
            "RETURN type(r) AS type, properties(r) AS props", ids=[int(k[10:]) for k in nodes])
    return nodes, [dict(r) for r in records]


def caption(template: str, props: dict, rel_type: str | None = None) -> str:
    """The caption kb's stylesheet means: `{prop}` the property (lists joined as the Browser joins them),
    `<type>` the relationship type."""
    def prop(m: re.Match) -> str:
        value = props.get(m[1])
        return ", ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)

    text = re.sub(r"\{([^{}]*)\}", prop, template)
    return text.replace("<type>", rel_type) if rel_type else text


def shows(drawn: str, meant: str) -> bool:
    """The Browser draws a caption whole, or cut short with an ellipsis where it does not fit."""
    if drawn.endswith("…"):
        return len(drawn) > 3 and meant.startswith(drawn[:-1].rstrip())
    return drawn == meant


@pytest.fixture(scope="module")
def browser_graph(tmp_path_factory):
    """Everything the tests look at: (drawn graph, expected nodes, expected relationships, the sheet's rules)."""
    _check_browser_tools()
    from kb import neo4j_server

    missing = neo4j_server.tools_missing()
    if missing:
        _no_neo4j(f"no Neo4j for the Neo4j Browser test: {missing}")
    try:
        server = neo4j_server.start(http=True)
    except neo4j_server.Neo4jServerError as exc:
        _no_neo4j(f"the throwaway Neo4j did not start: {exc}")
    folder = tmp_path_factory.mktemp("neo4j-browser")
    driver = None
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        # The first load into a cold server takes a while: it runs while the Browser starts and connects.
        loading = pool.submit(run_kb, "load", str(EXAMPLE), store=server.bolt_uri,
                              env={"KB_NEO4J_PASSWORD": NEO4J_TEST_PASSWORD})
        res = run_kb("schema", "--style")
        assert res.returncode == 0, res.stderr
        sheet = res.stdout
        driver = _chrome(folder / "profile")
        page = Page(driver, folder)
        page.connect(server.browser_url)
        page.run(":style " + sheet)
        page.frame_text("node.State {")
        res = loading.result(timeout=300)
        assert res.returncode == 0, f"kb load: {res.stderr}"
        page.run(PARAM)
        page.frame_text('"actor": "Russia"')
        nodes, rels = expected_graph(server.bolt_uri)
        assert len(nodes) >= 4, f"the query finds {len(nodes)} nodes in the example claims"
        page.run(QUERY)

        def drawn(d):
            graph = d.execute_script(READ_GRAPH)
            return graph if graph and len(graph["nodes"]) == len(nodes) and all(
                n["lines"] for n in graph["nodes"]) else None

        page.wait(f"the graph of {len(nodes)} captioned nodes", drawn)

        # The layout animates after the first drawing: wait until the nodes stand still, for the screenshot.
        last: list = [None]

        def settled(d):
            graph = d.execute_script(READ_GRAPH)
            now = [graph["view"], *(n["transform"] for n in graph["nodes"])]
            still, last[0] = now == last[0], now
            return still

        page.wait("the layout to settle", settled)
        graph = driver.execute_script(READ_GRAPH)
        frame = driver.execute_script(
            "return document.querySelector('article[data-testid=\"frame\"] g.layer.nodes').closest('article')")
        shot = folder / "neo4j-browser.png"
        frame.screenshot(str(shot))
        if os.environ.get("KB_UPDATE_SCREENSHOT") == "1":
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(shot, SCREENSHOT)
        yield graph, nodes, rels, parse_grass(sheet)
    finally:
        if driver is not None:
            driver.quit()
        pool.shutdown(wait=True)
        server.stop()


def kind_rule(labels: list[str], rules: dict) -> dict:
    """The sheet's rule for a node's kind: the one styled label besides Entity (which every kind carries)."""
    kinds = [label for label in labels if label != "Entity" and f"node.{label}" in rules]
    assert len(kinds) == 1, f"labels {labels}: expected one styled kind"
    return rules[f"node.{kinds[0]}"]


def test_the_query_nodes_are_drawn_with_kb_captions(browser_graph):
    graph, nodes, _, rules = browser_graph
    assert {n["label"] for n in graph["nodes"]} == set(nodes)
    for drawn in graph["nodes"]:
        node = nodes[drawn["label"]]
        meant = caption(kind_rule(node["labels"], rules)["caption"], node["props"])
        assert shows(" ".join(drawn["lines"]), meant), f"{node['labels']}: drew {drawn['lines']}, meant {meant!r}"


def test_the_query_nodes_take_kb_colours(browser_graph):
    graph, nodes, _, rules = browser_graph
    wrong = []
    for drawn in graph["nodes"]:
        node = nodes[drawn["label"]]
        rule = kind_rule(node["labels"], rules)
        got = (drawn["fill"].upper(), drawn["stroke"].upper(), drawn["textFill"].upper())
        meant = tuple(rule[p].upper() for p in ("color", "border-color", "text-color-internal"))
        if got != meant:
            wrong.append(f"{node['props'].get('name')} {node['labels']}: fill/border/text {got}, kb.grass {meant}")
    assert not wrong, "nodes not in kb's colours:\n" + "\n".join(wrong)


def test_relationships_are_drawn_with_kb_captions(browser_graph):
    graph, _, rels, rules = browser_graph
    meant = sorted(caption(rules.get(f"relationship.{r['type']}", rules["relationship"])["caption"],
                           r["props"], r["type"]).strip() for r in rels)
    drawn = sorted(graph["rels"])
    assert len(drawn) == len(meant), f"drew {drawn}, meant {meant}"
    unmatched = list(meant)
    for text in sorted(drawn, key=len, reverse=True):
        match = next((m for m in unmatched if shows(text, m)), None)
        assert match is not None, f"relationship caption {text!r} is none of kb's captions {unmatched}"
        unmatched.remove(match)
