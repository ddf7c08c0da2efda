"""An administrator sets the council up: makes a fund with an old 8-digit Luhn reference format and a new
10-character one, tries references on it, and retires a method of payment; a member of staff without
admin:funds is refused. Every set-up page visited is checked with axe-core."""
import re

from conftest import DESKTOP
from test_payments import assert_accessible


def sign_in(browser, base, username, return_to="/staff/setup"):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(f"{base}/auth/dev?return_to={return_to}")
    page.check(f"input[name=username][value='{username}']")
    page.click("main form button[type=submit]")
    page.wait_for_url(base + return_to)
    return context, page


def submit(page):
    with page.expect_navigation():
        page.click("main form button[type=submit] >> nth=-1")


def try_reference(page, reference):
    page.fill("#reference", reference)
    with page.expect_navigation():
        page.click("button:has-text('Try reference')")
    return page.locator("#try-result")


def test_make_a_fund_with_two_formats_and_try_references(ims, browser):
    base, _ = ims
    context, page = sign_in(browser, base, "admin.sam")
    assert_accessible(page, "setup: index")
    page.click("main a:text-is('Funds')")
    page.wait_for_url(base + "/staff/setup/funds")
    assert_accessible(page, "setup: funds")
    page.click("text=Add a fund")
    page.wait_for_url(base + "/staff/setup/funds/new")
    assert_accessible(page, "setup: new fund")

    # The old format: 8 digits with a Luhn check digit. The name is forgotten at first.
    page.fill("#code", "GARG")
    page.select_option("#vat_code", "STD")
    page.fill("#maximum", "2500")
    page.fill("#gl_code", "7001")
    page.fill("#cost_centre", "HSG01")
    page.fill("#format1_name", "old format")
    page.fill("#format1_min_length", "8")
    page.fill("#format1_max_length", "8")
    page.check("#format1_digits")
    page.select_option("#format1_scheme", "luhn")
    submit(page)
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#name-error").is_visible()
    assert page.locator("#format1_min_length").input_value() == "8", "the form keeps what was typed"
    assert_accessible(page, "setup: fund form with errors")
    page.fill("#name", "Garage rents")
    submit(page)
    page.wait_for_url(re.compile(r".*/staff/setup/funds/GARG\?done=add"))
    assert "The fund was added." in page.content()

    # The new format goes into the empty "add another" fieldset.
    page.click("main a:has-text('Change')")
    page.wait_for_url(base + "/staff/setup/funds/GARG/edit")
    assert page.locator("legend", has_text="Add another reference format").count() == 1
    page.fill("#format2_name", "new format (2024)")
    page.fill("#format2_min_length", "10")
    page.fill("#format2_max_length", "10")
    page.check("#format2_digits")
    page.check("#format2_letters")
    page.fill("#format2_pattern", "GR[0-9]{8}")
    assert_accessible(page, "setup: change fund")
    submit(page)
    page.wait_for_url(re.compile(r".*/staff/setup/funds/GARG\?done=change"))
    assert "new format (2024)" in page.content()
    assert_accessible(page, "setup: fund page")

    result = try_reference(page, "1234 5674")
    assert "12345674 passes a format" in result.inner_text()
    rows = result.locator("tbody tr")
    assert "passed" in rows.nth(0).inner_text().lower() and "failed" in rows.nth(1).inner_text().lower()
    assert_accessible(page, "setup: reference tried")

    result = try_reference(page, "gr12345678")
    assert "GR12345678 passes a format" in result.inner_text()
    assert "failed" in rows.nth(0).inner_text().lower() and "passed" in rows.nth(1).inner_text().lower()

    result = try_reference(page, "12345675")
    assert "passes no format" in result.inner_text()
    assert "check character" in rows.nth(0).inner_text()
    assert "Check you have typed it exactly" in rows.nth(0).inner_text()
    context.close()


def test_retire_a_method_of_payment_and_visit_every_list(ims, browser):
    base, _ = ims
    context, page = sign_in(browser, base, "admin.sam")
    page.goto(base + "/staff/setup/methods/PO")
    assert_accessible(page, "setup: method page")
    with page.expect_navigation():
        page.click("text=Retire method of payment")
    assert "The method of payment was retired." in page.content()
    assert page.locator("h1 .tag", has_text="Retired").is_visible()
    assert page.locator("text=Reinstate method of payment").is_visible()
    page.goto(base + "/staff/setup/methods")
    row = page.locator("tbody tr", has_text="Postal order")
    assert "retired" in row.inner_text().lower()
    assert_accessible(page, "setup: methods")
    page.goto(base + "/staff/setup/methods/PO/edit")
    assert_accessible(page, "setup: change method")

    page.goto(base + "/staff/setup/vat-codes/STD")
    assert "In force today" in page.content()
    assert_accessible(page, "setup: VAT code page")
    for path, name in [("vat-codes", "VAT codes"), ("offices", "offices"), ("fund-groups", "fund groups"), ("messages", "messages")]:
        page.goto(f"{base}/staff/setup/{path}")
        assert page.locator("h1").count() == 1
        assert_accessible(page, f"setup: {name}")
    page.goto(base + "/staff/setup/messages/new")
    assert_accessible(page, "setup: new message")
    page.goto(base + "/staff/setup/accounts?text=77")
    assert "No accounts match" in page.content()
    assert_accessible(page, "setup: account holders")
    context.close()


def test_without_admin_funds_the_setup_screens_are_refused(ims, browser):
    base, _ = ims
    context, page = sign_in(browser, base, "income.officer", return_to="/staff/")
    assert page.locator("a[href='/staff/setup']").count() == 0
    for path in ["/staff/setup", "/staff/setup/funds", "/staff/setup/methods/PO", "/staff/setup/fund-groups"]:
        response = page.goto(base + path)
        assert response.status == 403, path
    assert_accessible(page, "setup: refused")
    context.close()
