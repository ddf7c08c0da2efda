"""A resident pays for a bin and a parking fine in one basket, on a phone and on a desktop, through the
sandbox card page; the receipt shows and the ledger holds one entry with both fund lines. Every public page
is checked with axe-core for WCAG 2.x A/AA rules (2.2 included) and any violation fails the test."""
import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import DESKTOP, PHONE

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
checked_pages = set()


def assert_accessible(page, name):
    """axe-core on the page as it is now; any violation fails with its rule, impact and the elements."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    checked_pages.add(name)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def add_item(page, fund, reference, amount):
    page.check(f"input[name=fund][value={fund}]")
    page.fill("#reference", reference)
    page.fill("#amount", amount)
    page.click("main form button[type=submit]")


def pay_with_card(page, number):
    page.fill("#card-number", number)
    page.fill("#expiry-month", "12")
    page.fill("#expiry-year", "2030")
    page.fill("#cardholder-name", "Siân O'Brien")
    page.fill("#cvc", "123")
    page.click("main form button[type=submit] >> nth=0")


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pay_a_bin_and_a_parking_fine_in_one_basket(ims, browser, device):
    base, data = ims
    context = browser.new_context(**device)
    page = context.new_page()

    page.goto(base + "/pay")
    assert page.locator("h1").count() == 1
    assert_accessible(page, "pay: choose")

    # A wrong check digit is shown in the error summary and beside the field.
    add_item(page, "CTAX", "771234565", "10.00")
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#reference-error").is_visible()
    assert_accessible(page, "pay: errors")

    page.goto(base + "/pay")
    add_item(page, "BINS", "GW-104233", "45.00")
    assert_accessible(page, "pay: basket")
    page.goto(base + "/pay")
    add_item(page, "PARK", "dm12345678", "70")
    assert "£115.00" in page.content() or "115.00" in page.content()

    page.goto(base + "/pay/check")
    assert_accessible(page, "pay: check your answers")
    page.click("main form button[type=submit]")

    # The provider's hosted page (the sandbox): IMS's own pages never have card fields.
    page.wait_for_url(re.compile(r".*/sandbox-provider/pay/.*"))
    assert_accessible(page, "sandbox card page")
    pay_with_card(page, "4444333322221111")

    page.wait_for_url(re.compile(r".*/pay/pay_[a-z2-7]+/return"))
    body = page.content()
    receipt = re.search(r"R\d{8}", body)
    assert receipt, body[:2000]
    assert_accessible(page, "pay: confirmation")
    payment_id = re.search(r"pay_[a-z2-7]{26}", page.url).group(0)
    page.goto(f"{base}/pay/{payment_id}/receipt")
    assert receipt.group(0) in page.content()
    assert_accessible(page, "pay: printable receipt")

    # The ledger holds one entry for the payment, with a BINS line and a PARK line, outside the scope of VAT.
    with sqlite3.connect(f"{data}/ims.sqlite") as db:
        entries = db.execute("SELECT id FROM entries WHERE external_reference = ?", (payment_id,)).fetchall()
        assert len(entries) == 1
        lines = db.execute(
            "SELECT fund_code, account_reference, amount_pence, vat_code, vat_pence FROM entry_lines "
            "WHERE entry_id = ? AND fund_code IS NOT NULL ORDER BY line_number", (entries[0][0],)).fetchall()
    assert lines == [("BINS", "GW-104233", -4500, "OUT", 0), ("PARK", "DM12345678", -7000, "OUT", 0)]
    context.close()


def test_a_declined_card_shows_a_failure_page_that_lets_the_payer_try_again(ims, browser):
    base, _ = ims
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(base + "/pay")
    add_item(page, "BINS", "GW-5", "30.00")
    page.goto(base + "/pay/check")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/sandbox-provider/pay/.*"))
    pay_with_card(page, "4000000000000002")
    page.wait_for_url(re.compile(r".*/pay/pay_[a-z2-7]+/return"))
    assert page.locator("main form button[type=submit]").count() >= 1  # try again
    assert not re.search(r"R\d{8}", page.content())
    assert_accessible(page, "pay: failed")
    context.close()


@pytest.mark.parametrize("path", ["/", "/pay?lang=cy", "/auth/dev", "/no-such-page", "/pay/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa"])
def test_other_public_pages_are_accessible(ims, browser, path):
    base, _ = ims
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(base + path)
    assert_accessible(page, path)
    context.close()


def test_a_council_service_payment_page_is_accessible_and_pays(ims, browser):
    """A service creates a payment by API; the payer opens next_url in a fresh browser (no cookie) and pays."""
    import json
    import subprocess
    import urllib.request

    from conftest import IMS
    base, data = ims
    created = subprocess.run([IMS, "api-key", "create", "--data-dir", data, "--service", "browser-test"],
                             capture_output=True, text=True, check=True)
    key = created.stdout.strip().splitlines()[-1]
    body = json.dumps({"lines": [{"fund_code": "CTAX", "reference": "771234564", "amount": 12345}],
                       "return_url": "https://ctax.example.gov.uk/done", "language": "cy"}).encode()
    request = urllib.request.Request(base + "/api/v1/payments", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    payment = json.load(urllib.request.urlopen(request))
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(payment["next_url"])
    assert page.locator("html").get_attribute("lang") == "cy"
    assert_accessible(page, "pay: service payment (Welsh)")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/sandbox-provider/pay/.*"))
    pay_with_card(page, "4444333322221111")
    page.wait_for_url(re.compile(r".*/pay/pay_[a-z2-7]+/return"))
    assert re.search(r"R\d{8}", page.content())
    assert_accessible(page, "pay: service payment confirmation (Welsh)")
    context.close()
