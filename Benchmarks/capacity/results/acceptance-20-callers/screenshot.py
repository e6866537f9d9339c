#!/usr/bin/env python3
"""Opens a `parley load` HTML report in headless Chromium (Debian's chromium + chromedriver, via
Selenium), counts its SVG charts and drawn shapes, collects the console, and saves a screenshot.

Usage: screenshot.py REPORT.html SCREENSHOT.png   (prints one JSON line; exit 1 if no chart or a console error)
"""
import json
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def main() -> int:
    report, png = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2400",
                 "--no-first-run", "--disable-background-networking"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))
    try:
        driver.get(report.as_uri())
        time.sleep(1)
        charts = driver.execute_script("return document.querySelectorAll('svg').length")
        shapes = driver.execute_script("return document.querySelectorAll('svg path, svg rect, svg line, svg circle, svg polyline').length")
        console = driver.get_log("browser")
        driver.save_screenshot(str(png))
    finally:
        driver.quit()
    print(json.dumps({"charts": charts, "shapes": shapes, "console": console, "screenshot": str(png)}))
    return 0 if charts > 0 and not any(e.get("level") == "SEVERE" for e in console) else 1


if __name__ == "__main__":
    sys.exit(main())
