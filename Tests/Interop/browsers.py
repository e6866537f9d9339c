"""Real browsers for the interop tests, set up once here: headless Chromium (Debian's `chromium` +
`chromedriver`, driven by Selenium) and headless Firefox ESR (driven over WebDriver BiDi, no
geckodriver). Both are started from the calling thread, so they share the loopback-only network
namespace the test entered (conftest.loopback_only_network): nothing they send can leave 127.0.0.1."""
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FIREFOX = shutil.which("firefox-esr")


# MARK: - Chromium

def chromium_driver(wav: Path | None = None, *, extra_flags=(), fake_ui: str = "accept", window=(1280, 900)):
    """Headless Chromium whose fake microphone plays `wav` (looped; a tone when None). `fake_ui`
    answers getUserMedia's permission prompt: "accept", or "deny" (a denied microphone)."""
    selenium = pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    del selenium
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("needs Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    flags = [
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--use-fake-ui-for-media-stream" + ("=deny" if fake_ui == "deny" else ""),
        "--use-fake-device-for-media-stream",
        # WebRTC ignores loopback interfaces unless told otherwise; lo is all the namespace has.
        "--allow-loopback-in-peer-connection",
        # Show real host addresses in getStats instead of random .local names.
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        f"--window-size={window[0]},{window[1]}",
        *extra_flags,
    ]
    if wav is not None:
        flags.append(f"--use-file-for-fake-audio-capture={wav}")
    for flag in flags:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


def severe_console_entries(entries, allow=()):
    """Chromium console entries at SEVERE, minus those matching any regex in `allow`."""
    return [e for e in entries if e.get("level") == "SEVERE" and not any(re.search(p, e.get("message", "")) for p in allow)]


# MARK: - Firefox

FIREFOX_PREFS = {
    # Media: fake 440 Hz microphone, no permission prompt, loopback ICE with real addresses.
    "media.navigator.streams.fake": True,
    "media.navigator.audio.fake_frequency": 440,
    "media.navigator.permission.disabled": True,
    "media.peerconnection.ice.loopback": True,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "media.autoplay.default": 0,
    "media.autoplay.block-webaudio": False,
    # No sound server or ALSA device here: without a mock cubeb backend AudioContext.resume() never settles.
    "media.cubeb.force_mock_context": True,
    # Nothing phones home (the namespace could not reach anything anyway).
    "app.update.enabled": False,
    "app.update.auto": False,
    "app.update.disabledForTesting": True,
    "network.connectivity-service.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.manage-offline-status": False,
    "network.proxy.type": 0,
    "network.trr.mode": 5,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.blockedURIs.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.page": 0,
    "browser.newtabpage.enabled": False,
    "extensions.update.enabled": False,
    "extensions.blocklist.enabled": False,
    "services.settings.server": "http://127.0.0.1:9/",
    "dom.push.connection.enabled": False,
    "media.gmp-manager.updateEnabled": False,
}


class Firefox:
    """firefox-esr --headless with a fresh profile and WebDriver BiDi on an ephemeral port."""

    def __init__(self, prefs=None):
        if FIREFOX is None:
            pytest.skip("needs Debian's firefox-esr (apt-get install firefox-esr)")
        self.profile = tempfile.mkdtemp(prefix="parley-firefox-")
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            for name, value in dict(FIREFOX_PREFS, **(prefs or {})).items():
                f.write(f"user_pref({json.dumps(name)}, {json.dumps(value)});\n")
        self.log_path = Path(self.profile) / "firefox.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [FIREFOX, "--headless", "--no-remote", "--profile", self.profile, "--remote-debugging-port=0"],
            stdout=self.log, stderr=subprocess.STDOUT, env=dict(os.environ, MOZ_CRASHREPORTER_DISABLE="1"))
        deadline = time.time() + 30
        while time.time() < deadline:
            match = re.search(r"WebDriver BiDi listening on (ws://\S+)", self.output())
            if match:
                self.bidi_url = match.group(1) + "/session"
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.close()
        raise RuntimeError(f"firefox-esr did not start WebDriver BiDi:\n{self.output()[-4000:]}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class BiDi:
    """Commands over one WebDriver BiDi WebSocket; events (console entries) are collected."""

    def __init__(self, connection):
        self.connection, self.next_id, self.events = connection, 0, []

    async def call(self, method, **params):
        self.next_id += 1
        command_id = self.next_id
        await self.connection.send(json.dumps({"id": command_id, "method": method, "params": params}))
        while True:
            message = json.loads(await self.connection.recv())
            if message.get("id") == command_id:
                if message.get("type") == "error":
                    raise RuntimeError(f"BiDi {method} failed: {message.get('error')}: {message.get('message')}")
                return message["result"]
            if message.get("type") == "event":
                self.events.append(message)

    async def evaluate(self, context, function):
        """Runs `function` (JS returning JSON text or a promise of it) in the page; returns it decoded."""
        result = await self.call("script.callFunction", functionDeclaration=function, target={"context": context},
                                 awaitPromise=True)
        if result["type"] != "success":
            raise RuntimeError(f"script failed: {result.get('exceptionDetails')}")
        return json.loads(result["result"].get("value") or "null")

    async def click(self, context, selector):
        """A real (trusted) mouse click on the element matching `selector`, via input.performActions."""
        found = await self.call("script.evaluate", expression=f"document.querySelector({json.dumps(selector)})",
                                target={"context": context}, awaitPromise=False)
        node = found.get("result", {})
        if node.get("type") != "node":
            raise RuntimeError(f"no element {selector}")
        origin = {"type": "element", "element": {"sharedId": node["sharedId"]}}
        await self.call("input.performActions", context=context, actions=[{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "x": 0, "y": 0, "origin": origin},
                        {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}])

    def console(self):
        return [event["params"] for event in self.events if event.get("method") == "log.entryAdded"]


def route_default_via_loopback():
    """nICEr's default-address lookup needs a route: point it at lo, inside the test's namespace only."""
    assert [name for _, name in socket.if_nameindex()] == ["lo"], "not in a loopback-only namespace"
    subprocess.run(["ip", "route", "replace", "default", "dev", "lo", "src", "127.0.0.1"], check=True)
    subprocess.run(["ip", "-6", "route", "replace", "default", "dev", "lo"], check=False)
