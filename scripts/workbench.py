#!/usr/bin/env python3
"""Browser checks of the web workbench (run by scripts/workbench.sh against a live server).

Usage: workbench.py BASE_URL ARTIFACTS_DIR. Prints `workbench: N passed, N failed`; exits 1
if any check failed.
"""
import base64
import os
import json
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, ARTIFACTS = sys.argv[1], sys.argv[2]
COOP = "baiyin-pig"
PASSWORD = "coopledger-demo"
passed = failed = 0


def check(name, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {name}", file=sys.stderr)


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,900", "--lang=zh-CN"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def submit(driver, button_id):
    """Clicks a form's button and waits for the next page to load in place of this one.

    The old page is marked on its window object, which a navigation replaces; element
    staleness is not used, since chromedriver may answer it with an inspector error
    while the old document goes."""
    driver.execute_script("window.workbenchOldPage = true")
    driver.find_element(By.ID, button_id).click()

    def next_page_loaded(d):
        try:
            return d.execute_script("return !window.workbenchOldPage && document.readyState === 'complete'")
        except WebDriverException:
            return False

    WebDriverWait(driver, 15).until(next_page_loaded)


def sign_in(driver, login, path="/coops"):
    driver.delete_all_cookies()
    driver.get(BASE + path)
    driver.find_element(By.ID, "login").send_keys(login)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, "sign-in")


def text(driver, element_id):
    found = driver.find_elements(By.ID, element_id)
    return found[0].text if found else ""


def fill_lines(driver, lines):
    rows = driver.find_elements(By.CSS_SELECTOR, "#lines tr.line")
    for row, (account, debit, credit) in zip(rows, lines):
        for name, value in (("account", account), ("debit", debit), ("credit", credit)):
            field = row.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)


def post_status(driver, path, fields):
    """POSTs a form from inside the page (same origin, with the session's CSRF token)."""
    return driver.execute_async_script("""
        const [path, fields, done] = arguments;
        const csrf = document.querySelector('input[name=csrf]').value;
        const body = new URLSearchParams(Object.assign({csrf}, fields));
        fetch(path, {method: 'POST', body, redirect: 'manual'}).then(r => done(r.status));
    """, path, fields)


def status_of(driver, path):
    return driver.execute_async_script(
        "fetch(arguments[0]).then(r => arguments[1](r.status));", path)


driver = browser()
try:
    # The preparer: a page needs signing in, and comes back after.
    sign_in(driver, "wang", f"/coops/{COOP}/vouchers/new")
    check("signed in, back on the voucher form", driver.current_url.endswith(f"/coops/{COOP}/vouchers/new"))
    driver.find_element(By.ID, "date").send_keys("")
    driver.execute_script("document.getElementById('date').value = '2027-01-15'")
    driver.find_element(By.ID, "memo").send_keys("收到生猪销售款")
    fill_lines(driver, [("101", "100.00", ""), ("102", "50.00", ""), ("50101", "", "120.00")])
    check("the form adds up as it is typed", "30.00" in text(driver, "balance-state") and "不平衡" in text(driver, "balance-state"))
    check("totals shown", text(driver, "debit-total") == "150.00" and text(driver, "credit-total") == "120.00")
    submit(driver, "save")
    check("the server refuses it, saying by how much", "差额 30.00" in text(driver, "lines-error"))
    check("nothing saved: still the form", driver.find_elements(By.ID, "voucher-form") != [])
    fill_lines(driver, [("101", "100.00", ""), ("102", "50.00", ""), ("50101", "", "150.00")])
    check("balanced as typed", text(driver, "balance-state") == "借贷平衡")
    driver.set_window_size(360, 1400)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-voucher-form-phone.png")
    driver.set_window_size(1100, 900)
    submit(driver, "save")
    draft_url = driver.current_url
    check("saved as a draft", "/vouchers/" in draft_url and "草稿" in driver.page_source)
    check("a preparer cannot approve their own", driver.find_elements(By.ID, "approve") == [])

    # The approver: the queue, approve, post, the number in the journal.
    sign_in(driver, "li", f"/coops/{COOP}/vouchers")
    queue = driver.find_element(By.ID, "to-approve").text
    driver.save_screenshot(f"{ARTIFACTS}/workbench-vouchers.png")
    check("the draft waits in the approver's queue", "收到生猪销售款" in queue)
    driver.get(draft_url)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-voucher-to-approve.png")
    submit(driver, "approve")
    check("approved", "已审核" in driver.page_source)
    submit(driver, "post")
    number = text(driver, "voucher-number")
    check("posted with a voucher number", number.startswith("记-2027-01-"))
    driver.get(f"{BASE}/coops/{COOP}/books/journal?year=2027")
    check("the number in the journal page", number != "" and number in driver.page_source)

    # The trial balance page shows the command line's figures, row by row.
    driver.get(f"{BASE}/coops/{COOP}/books/trial-balance?year=2026")
    page_rows = [[cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
                 for row in driver.find_elements(By.CSS_SELECTOR, ".statement tbody tr")]
    report = json.load(open(f"{ARTIFACTS}/trial-balance-2026.json"))
    # The page groups thousands (2,132,885.00); the JSON report does not.
    plain = lambda cells: [cell.replace(",", "") for cell in cells]
    closing = {row[0]: plain(row[-2:]) for row in page_rows if row}
    mismatched = []
    for account in report["accounts"]:
        label = f"{account['code']} {account['name']}" + (f" · 成员{account['member']}" if account["member"] else "")
        # An account kept per member has a subtotal row after its members' rows.
        shown = closing.get(label) or closing.get(label + " 小计")
        if shown != [account["debit"], account["credit"]]:
            mismatched.append((label, shown, account["debit"], account["credit"]))
    totals = [plain(row[-2:]) for row in page_rows if row and row[0] in ("合计", "合计 total")]
    check(f"trial balance page = report trial-balance --format json ({len(report['accounts'])} accounts, totals)",
          not mismatched and len(report["accounts"]) > 5 and [report["totals"]["debit"], report["totals"]["credit"]] in totals)
    if mismatched or not totals:
        print("mismatched:", mismatched[:3], "total rows:", totals, [r[0] for r in page_rows][-3:], file=sys.stderr)

    # Phone-width and A4 pictures to look at.
    driver.get(f"{BASE}/coops/{COOP}")
    driver.set_window_size(360, 800)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-today-phone.png")
    driver.set_window_size(1100, 900)
    driver.get(f"{BASE}/coops/{COOP}/books/balance-sheet?year=2026")
    driver.save_screenshot(f"{ARTIFACTS}/workbench-balance-sheet-screen.png")
    driver.get(f"{BASE}/coops/{COOP}/books/balance-sheet?year=2026&format=print")
    check("the printable page keeps its own styles",
          driver.execute_script("return getComputedStyle(document.querySelector('h1')).textAlign") == "center")
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True})
    with open(f"{ARTIFACTS}/workbench-balance-sheet-a4.pdf", "wb") as out:
        out.write(base64.b64decode(pdf["data"]))
    check("an A4 print of the balance sheet", len(pdf["data"]) > 1000)

    # A hostile member name is text.
    driver.get(f"{BASE}/coops/{COOP}/members?q=script")
    try:
        driver.switch_to.alert
        alerted = True
    except NoAlertPresentException:
        alerted = False
    names = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#member-list td.member-name")]
    check("a member named <script> shows as text, runs nothing", not alerted and "<script>alert(1)</script>" in names)

    # Operations: a purchase slip (as the admin-less approver) posts an entry with its number.
    driver.get(f"{BASE}/coops/{COOP}/operations")
    driver.save_screenshot(f"{ARTIFACTS}/workbench-operations.png")
    slip = driver.find_element(By.ID, "purchase-form")
    driver.execute_script("arguments[0].querySelector('[name=date]').value = '2027-01-20'", slip)
    for name, value in (("member", "3"), ("product", "玉米"), ("quantity_kg", "1000"), ("market_price", "2.60")):
        slip.find_element(By.NAME, name).send_keys(value)
    driver.execute_script("arguments[0].querySelector('button[type=submit]').id = 'post-slip'", slip)
    submit(driver, "post-slip")
    if not text(driver, "voucher-number"):
        print("purchase slip:", driver.current_url, [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error")], file=sys.stderr)
    # 1,000 kg at the market's 2.60 plus the cooperative's 5% premium.
    check("a purchase slip posts an entry with its voucher number",
          text(driver, "voucher-number").startswith("记-2027-01-") and "2,730.00" in driver.find_element(By.ID, "entry-lines").text)
    check("an approver gets no admin-only forms", driver.find_elements(By.ID, "subsidy-form") == [])

    # Households and wages (issue 29): a non-member household added, a payroll refused at its
    # bad line and then posted, its wages paid, and the household's benefit page.
    driver.get(f"{BASE}/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "household-form")
    for name, value in (("name", "测试农户"), ("village", "水川镇")):
        form.find_element(By.NAME, name).send_keys(value)
    form.find_element(By.CSS_SELECTOR, "select[name=poverty] option[value=monitored]").click()
    driver.execute_script("arguments[0].querySelector('button[type=submit]').id = 'add-household'", form)
    submit(driver, "add-household")
    households = driver.find_element(By.ID, "household-list").text
    check("a household is added and listed with its number", "H4" in households and "测试农户" in households and "防止返贫监测对象" in households)
    driver.get(f"{BASE}/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "payroll-form")
    month = form.find_element(By.NAME, "month")
    month.clear()
    month.send_keys("2027-01")
    form.find_element(By.NAME, "lines").send_keys("2,1200.00,22,饲养员\nH9,100.00\n3,-5")
    submit(driver, "post-payroll")
    if not driver.find_elements(By.ID, "payroll-error"):
        print("payroll:", driver.current_url, [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error")], file=sys.stderr)
    check("a payroll names each bad line and posts nothing",
          "lines:2" in text(driver, "payroll-error") and "H9" in text(driver, "payroll-error") and "lines:3" in text(driver, "payroll-error"))
    form = driver.find_element(By.ID, "payroll-form")
    lines = form.find_element(By.NAME, "lines")
    lines.clear()
    lines.send_keys("2,1200.00,22,饲养员\nH4,800.00")
    submit(driver, "post-payroll")
    check("the corrected payroll posts one entry with a line per person",
          text(driver, "voucher-number").startswith("记-2027-01-") and "2,000.00" in driver.find_element(By.ID, "entry-lines").text)
    driver.get(f"{BASE}/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "payroll-payment-form")
    month = form.find_element(By.NAME, "month")
    month.clear()
    month.send_keys("2027-01")
    driver.execute_script("arguments[0].querySelector('[name=date]').value = '2027-01-31'", form)
    submit(driver, "pay-payroll")
    check("the month's wages are paid", text(driver, "voucher-number").startswith("记-2027-01-"))
    payroll_csv = os.path.abspath(f"{ARTIFACTS}/payroll-2027-03.csv")
    with open(payroll_csv, "w") as out:
        out.write("\ufeffperson,amount,days,memo\nH4,500.00,10,饲养员\n")
    driver.get(f"{BASE}/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "payroll-form")
    month = form.find_element(By.NAME, "month")
    month.clear()
    month.send_keys("2027-03")
    form.find_element(By.NAME, "file").send_keys(payroll_csv)
    submit(driver, "post-payroll")
    check("a payroll CSV uploaded posts its month", text(driver, "voucher-number").startswith("记-2027-03-")
          and "500.00" in driver.find_element(By.ID, "entry-lines").text)
    driver.get(f"{BASE}/coops/{COOP}/books/benefits?household=H4&year=2027")
    page = driver.page_source
    check("the household's benefit page: its wages, paid, and a line to sign", "1,300.00" in page and "户主签字" in page and "测试农户" in page)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-benefits.png")

    # Year end: the posted 2026 distribution as a table; a wrong confirmation changes nothing.
    driver.get(f"{BASE}/coops/{COOP}/year-end?year=2026")
    shares = driver.find_element(By.ID, "shares").text
    check("year end shows every member's shares (member 2's reserve share)", "3,181.44" in shares)
    check("an approver gets no year-end form", driver.find_elements(By.ID, "reverse-distribution") == [])
    driver.save_screenshot(f"{ARTIFACTS}/workbench-year-end.png")

    # Import: a dry run lists every error by line; a good file is checked, then posted.
    csv_dir = os.path.abspath(ARTIFACTS)
    bad = f"{csv_dir}/import-bad.csv"
    good = f"{csv_dir}/import-good.csv"
    with open(bad, "w") as out:
        out.write("key,date,memo,account,member,debit,credit\n"
                  "web-1,2027-02-01,现金存入,102,,500.00,\n"
                  "web-1,2027-02-01,现金存入,101,,,400.00\n"
                  "web-2,2027-02-30,坏日期,102,,1.00,\n"
                  "web-2,2027-02-30,坏日期,101,,,1.00\n")
    with open(good, "w") as out:
        out.write("key,date,memo,account,member,debit,credit\n"
                  "web-1,2027-02-01,现金存入,102,,500.00,\n"
                  "web-1,2027-02-01,现金存入,101,,,500.00\n")
    driver.get(f"{BASE}/coops/{COOP}/import")
    driver.find_element(By.ID, "file").send_keys(bad)
    submit(driver, "dry-run-button")
    errors = driver.find_element(By.ID, "import-errors").text
    driver.save_screenshot(f"{ARTIFACTS}/workbench-import-errors.png")
    error_lines = [row.find_element(By.TAG_NAME, "td").text for row in driver.find_elements(By.CSS_SELECTOR, "#import-errors tbody tr")]
    check("the dry run lists the errors by line", error_lines == ["4", "5"] and "未写入" in text(driver, "import-error"))
    driver.find_element(By.ID, "file").send_keys(good)
    submit(driver, "dry-run-button")
    check("a good file passes the dry run", "1" in text(driver, "dry-run"))
    submit(driver, "post-import")
    check("…and is posted", text(driver, "imported").startswith("已导入分录") and "记-2027-02-0001" in driver.page_source)
    # The same page takes an Excel workbook; its errors name the sheet's cells.
    import openpyxl
    book = openpyxl.Workbook()
    book.active.title = "凭证"
    for row in (("key", "date", "memo", "account", "member", "debit", "credit"),
                ("web-x", "2027-02-02", "表格", "102", None, 8.5, None), ("web-x", "2027-02-02", "表格", "999", None, None, 8.5)):
        book.active.append(row)
    workbook = f"{csv_dir}/import-bad.xlsx"
    book.save(workbook)
    driver.get(f"{BASE}/coops/{COOP}/import")
    driver.find_element(By.ID, "file").send_keys(workbook)
    submit(driver, "dry-run-button")
    cells = [row.find_element(By.TAG_NAME, "td").text for row in driver.find_elements(By.CSS_SELECTOR, "#import-errors tbody tr")]
    check("an Excel upload's errors name its cells", cells == ["D3"])

    # The asset register (issue 26): an admin enters a barn charged to 管理费用, an approver
    # depreciates the months through its first (the demo's farm is in the register too), the
    # register and the schedule show it; the admin disposes of it.
    sign_in(driver, "ma", f"/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "new-asset-form")
    for name, value in (("name", "测试猪舍"), ("cost", "120000"), ("salvage", "6000"), ("life_months", "120"), ("cost_account", "523")):
        form.find_element(By.NAME, name).send_keys(value)
    driver.execute_script("arguments[0].querySelector('[name=acquired]').value = '2027-04-15'", form)
    submit(driver, "add-asset")
    register = driver.find_element(By.CSS_SELECTOR, ".statement").text
    check("an asset is entered and listed in the register", "测试猪舍" in register and "120,000.00" in register)
    sign_in(driver, "li", f"/coops/{COOP}/operations")
    for number in range(1, 6):
        driver.get(f"{BASE}/coops/{COOP}/operations")
        form = driver.find_element(By.ID, "depreciation-form")
        month = form.find_element(By.NAME, "month")
        month.clear()
        month.send_keys(f"2027-0{number}")
        submit(driver, "depreciate")
    check("a month's depreciation posts one voucher of 950.00",
          text(driver, "voucher-number").startswith("记-2027-05-") and "950.00" in driver.find_element(By.ID, "entry-lines").text)
    driver.get(f"{BASE}/coops/{COOP}/books/assets?year=2027")
    schedule = driver.find_element(By.CSS_SELECTOR, ".statement").text
    check("the assets schedule shows the year's depreciation and the net value", "950.00" in schedule and "119,050.00" in schedule)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-assets.png")
    driver.get(f"{BASE}/coops/{COOP}/operations")
    check("an approver gets no asset or disposal form", driver.find_elements(By.ID, "new-asset-form") == [] and driver.find_elements(By.ID, "disposal-form") == [])
    sign_in(driver, "ma", f"/coops/{COOP}/operations")
    form = driver.find_element(By.ID, "disposal-form")
    for name, value in (("asset", "A5"), ("proceeds", "119000")):
        form.find_element(By.NAME, name).send_keys(value)
    driver.execute_script("arguments[0].querySelector('[name=date]').value = '2027-06-05'", form)
    submit(driver, "dispose-asset")
    lines = driver.find_element(By.ID, "entry-lines").text if driver.find_elements(By.ID, "entry-lines") else ""
    if not lines:
        print("disposal:", driver.current_url, [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error")], file=sys.stderr)
    check("a disposal posts through 154 with its loss to 529", "154" in lines and "529" in lines and "50.00" in lines)

    # The auditor: everything to read, no form, and a POST refused.
    sign_in(driver, "zhao", f"/coops/{COOP}/vouchers")
    check("the auditor reads the vouchers", "凭证" in driver.title)
    driver.get(draft_url)
    check("the auditor gets no form", driver.find_elements(By.CSS_SELECTOR, "main form") == [])
    check("…and a 403 on a POST", post_status(driver, f"/coops/{COOP}/vouchers", {"date": "2027-01-16"}) == 403)
    check("…and a 403 for the voucher form", status_of(driver, f"/coops/{COOP}/vouchers/new") == 403)
    driver.get(f"{BASE}/coops/{COOP}/audit?run=1")
    check("verify from the audit page", "哈希链完好" in text(driver, "verdict"))
    check("another cooperative's page is not there (404)", status_of(driver, "/coops/other-coop") == 404)
    driver.get(f"{BASE}/coops/other-coop")
    check("…shown as a page", "404" in driver.page_source)
    driver.get(f"{BASE}/language/en?back=/coops/{COOP}")
    check("English by a switch", "Today" in driver.page_source and "Sign out" in driver.page_source)
    driver.get(f"{BASE}/language/zh?back=/coops")

    # The district's supervisor: the district's page with its charts, every cooperative to
    # read, nothing to write.
    sign_in(driver, "sun", "/coops")
    check("the supervisor is offered the district and both cooperatives",
          driver.find_elements(By.ID, "district-baiyin") != [] and "另一个合作社" in driver.page_source and COOP in driver.page_source)
    driver.get(f"{BASE}/districts/baiyin?year=2025")
    charts = driver.find_elements(By.CSS_SELECTOR, ".charts svg")
    check("the district's page draws its two charts", len(charts) == 2 and "强湾乡" in charts[0].text)
    table = driver.find_element(By.CSS_SELECTOR, ".statement").text
    check("…beside the table with township and district totals", "强湾乡 小计" in table and "白银区 合计" in table)
    driver.set_window_size(1280, 1600)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-district.png")
    driver.find_element(By.ID, "poor-households").click()
    charts = driver.find_elements(By.CSS_SELECTOR, ".charts svg")
    check("poor households' income by channel, drawn beside their table",
          len(charts) == 1 and "收购溢价" in charts[0].text and "户均增收" in driver.find_element(By.CSS_SELECTOR, ".statement").text)
    driver.save_screenshot(f"{ARTIFACTS}/workbench-district-poor.png")
    driver.get(f"{BASE}/districts/baiyin/households?year=2025")
    check("households reached, by township", "强湾乡 小计" in driver.find_element(By.CSS_SELECTOR, ".statement").text
          and len(driver.find_elements(By.CSS_SELECTOR, ".charts svg")) == 1)
    check("the district's status page", status_of(driver, "/districts/baiyin/status") == 200)
    check("the district as Excel", status_of(driver, "/districts/baiyin?year=2025&format=xlsx") == 200)
    driver.get(f"{BASE}/coops/{COOP}/books/surplus?year=2025")
    check("the supervisor reads a cooperative's books", "盈余" in driver.page_source)
    check("…and posts nothing (403)", post_status(driver, f"/coops/{COOP}/vouchers", {"date": "2027-01-16"}) == 403)
    check("another district is not there", status_of(driver, "/districts/elsewhere") == 404)
finally:
    driver.quit()

# Repeated wrong passwords lock the login, even for the right password after.
jar = CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def attempt(password):
    page = opener.open(f"{BASE}/sign-in").read().decode()
    token = page.split('name="csrf" value="')[1].split('"')[0]
    body = urllib.parse.urlencode({"csrf": token, "login": "zhao", "password": password, "back": "/coops"}).encode()
    try:
        return opener.open(urllib.request.Request(f"{BASE}/sign-in", data=body)).status
    except urllib.error.HTTPError as error:
        return error.code


statuses = [attempt("wrong-password") for _ in range(5)]
check("wrong passwords are refused (401)", statuses == [401] * 5)
check("then the login is locked, right password or not (429)", attempt(PASSWORD) == 429)

print(f"workbench: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
