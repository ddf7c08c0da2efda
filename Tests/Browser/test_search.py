"""An income officer finds a 2019 legacy payment by the start of the payer's surname, opens it, and exports a
fund's whole 2020 to CSV; the search, results, detail and import pages are checked with axe-core. The data
is a generated legacy file (`ims bench generate`) imported into the running demo (`ims import legacy`)."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import time

import pytest

from conftest import DESKTOP, IMS
from test_payments import assert_accessible

# The generated history covers the 6½ years before this day, so 2019 and the whole of 2020 are in it.
HISTORY_ENDS = "2025-03-31"
# UTC microseconds of 1 January, which is midnight in the UK too (GMT in winter).
YEAR_STARTS = {2019: 1_546_300_800_000_000, 2020: 1_577_836_800_000_000, 2021: 1_609_459_200_000_000}


@pytest.fixture(scope="module")
def legacy(ims):
    """Generates 20,000 legacy rows and imports them into the demo; yields the import's JSON summary."""
    _, data = ims
    path = os.path.join(data, "legacy.csv")
    subprocess.run([IMS, "bench", "generate", "--records", "20000", "--out", path, "--end-date", HISTORY_ENDS],
                   check=True, capture_output=True)
    done = subprocess.run([IMS, "import", "legacy", path, "--data-dir", data, "--json"], check=True, capture_output=True, text=True)
    summary = json.loads(done.stdout)
    assert summary["imported"] > 19_000, summary
    return summary


def database(data):
    return sqlite3.connect(f"file:{os.path.join(data, 'ims.sqlite')}?mode=ro", uri=True)


def a_2019_payment(data):
    """A migrated 2019 payment whose payer has a forename and a surname of three letters or more."""
    with database(data) as db:
        rows = db.execute(
            "SELECT id, receipt_reference, payer_name FROM income_records WHERE source = 'legacy' AND kind = 'payment'"
            " AND id >= ? AND id < ? AND payer_name LIKE '% %' ORDER BY id LIMIT 200",
            (YEAR_STARTS[2019] // 1_000_000 << 21, YEAR_STARTS[2020] // 1_000_000 << 21)).fetchall()
    for record_id, receipt, payer in rows:
        surname = payer.split()[-1].split("-")[0].replace("'", "")
        if len(surname) >= 4 and surname.isalpha():
            return record_id, receipt, payer
    pytest.fail("no 2019 payment with a plain surname in the generated data")


def records_of(data, fund, year):
    """The ids of the fund's records in a UK calendar year, from the database itself."""
    with database(data) as db:
        return {row[0] for row in db.execute(
            "SELECT id FROM income_records WHERE fund_code = ? AND occurred_at >= ? AND occurred_at < ?",
            (fund, YEAR_STARTS[year], YEAR_STARTS[year + 1]))}


def sign_in(page, base, username):
    page.goto(base + "/auth/dev?return_to=/staff/transactions")
    page.check(f"input[name=username][value='{username}']")
    page.click("main form button[type=submit]")
    page.wait_for_url(base + "/staff/transactions")


def test_find_a_2019_payment_by_surname_and_export_a_funds_2020(ims, browser, legacy):
    base, data = ims
    context = browser.new_context(accept_downloads=True, **DESKTOP)
    page = context.new_page()
    sign_in(page, base, "income.officer")
    assert page.locator("#text").evaluate("element => element === document.activeElement"), "the text box has the focus"
    assert_accessible(page, "staff: search")

    # The start of the surname, the forename and the year narrow 20,000 records to a handful.
    record_id, receipt, payer = a_2019_payment(data)
    forename, surname = payer.split()[0], payer.split()[-1]
    page.fill("#text", f"{surname[:4]} {forename}")
    page.fill("#from", "2019-01-01")
    page.fill("#to", "2019-12-31")
    started = time.monotonic()
    page.focus("#text")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    row = page.locator(f"table.results a[href='/staff/transactions/{record_id}']")
    row.wait_for()
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, f"the results took {elapsed:.2f} s"
    assert row.inner_text() == receipt
    assert_accessible(page, "staff: results")

    row.click()
    page.wait_for_url(f"{base}/staff/transactions/{record_id}")
    assert receipt in page.locator("h1").inner_text()
    assert payer in page.content()
    assert "legacy" in page.locator("h1").inner_text().lower()
    assert_accessible(page, "staff: transaction detail")

    # One fund's 2020: the export holds exactly the records the database has for it.
    with database(data) as db:
        fund = db.execute(
            "SELECT fund_code FROM income_records WHERE occurred_at >= ? AND occurred_at < ? GROUP BY fund_code ORDER BY COUNT(*) DESC LIMIT 1",
            (YEAR_STARTS[2020], YEAR_STARTS[2021])).fetchone()[0]
    page.goto(base + "/staff/transactions")
    page.select_option("#fund_code", fund)
    page.fill("#from", "2020-01-01")
    page.fill("#to", "2020-12-31")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/staff/transactions?*")
    with page.expect_download() as download:
        page.click("text=Export CSV")
    with open(download.value.path(), encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    expected = records_of(data, fund, 2020)
    assert len(expected) > 50
    assert {int(row["id"]) for row in rows} == expected
    assert len(rows) == len(expected)
    assert {row["fund_code"] for row in rows} == {fund}
    assert all(row["uk_time"][6:10] == "2020" for row in rows)
    context.close()


def test_import_batches_page(ims, browser, legacy):
    base, _ = ims
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    sign_in(page, base, "auditor.anne")
    page.goto(base + "/staff/imports")
    assert "legacy.csv" in page.content()
    assert f"{legacy['imported']:,} imported" in page.locator("table").inner_text()
    assert_accessible(page, "staff: import batches")
    page.click("table a >> nth=0")
    page.wait_for_url("**/staff/transactions?import_batch=*")
    assert page.locator("table.results tbody tr").count() == 50
    assert page.locator("a[rel=next]").count() == 1
    context.close()
