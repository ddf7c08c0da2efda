"""A real `ims demo` (built by scripts/test) on a free loopback port, and a real headless Chromium."""
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

IMS = os.environ.get("IMS_BIN", ".build/debug/ims")
CHROMIUM = os.environ.get("IMS_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ims():
    """Starts the demo on a fresh data directory; yields (base URL, data directory)."""
    data = tempfile.mkdtemp(prefix="ims-browser-")
    port = free_port()
    log = open(os.path.join(data, "demo.log"), "w")
    process = subprocess.Popen([IMS, "demo", "--data-dir", data, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            if urllib.request.urlopen(base + "/healthz", timeout=2).status == 200:
                break
        except Exception:
            if time.time() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("ims demo did not start: " + open(os.path.join(data, "demo.log")).read()[-2000:])
            time.sleep(0.3)
    yield base, data
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
