// The console in a real browser against the real services: find an account, read its timeline, open the explanation
// of a freeze with its evidence highlighted, switch to Chinese, decide an appeal (and see an auditor refused), read
// the portfolio, and rebuild a projection while watching its progress. Screenshots go to artefacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch } from './browser.mjs';
import { Ledger, TOKENS } from './ledger.mjs';

const ARTEFACTS = path.join(path.dirname(new URL(import.meta.url).pathname), 'artefacts');
const STEP = { timeout: 60_000 };

let ledger;
let browser;
let page;
const problems = [];
const frozen = 'acc-console-frozen';
const active = 'acc-console-active';
const review = 'acc-console-review';
let frozenAppeal;
let reviewAppeal;

async function shot(name) {
  await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
}

async function signIn(caller) {
  if (await page.locator('#signout').isVisible()) {
    await page.click('#signout');
  }
  await page.fill('#token', TOKENS[caller]);
  await page.click('#signin button[type=submit]');
  await page.locator('#signed-in').waitFor();
}

async function texts(selector) {
  return page.locator(selector).allTextContents();
}

async function attributes(selector, name) {
  return page.locator(selector).evaluateAll((elements, n) => elements.map((e) => e.getAttribute(n)), name);
}

async function seed() {
  await ledger.send('lender', 'POST', '/api/accounts',
    { accountId: frozen, customerId: 'cust-console-1', currency: 'CNY', creditLimit: '5000.00' });
  await ledger.send('lender', 'POST', `/api/accounts/${frozen}/borrowings`, { amount: '3000.00', termDays: 30 });
  // Three partial early repayments within 30 days: policy 2026-11's EARLY_PARTIAL_REPAYMENT freezes the line.
  for (let i = 0; i < 3; i += 1) {
    await ledger.send('lender', 'POST', `/api/accounts/${frozen}/repayments`, { amount: '100.00' });
  }
  frozenAppeal = (await ledger.send('lender', 'POST', `/api/accounts/${frozen}/appeals`,
    { statement: 'I repaid early; that is not a risk' })).appealId;

  await ledger.send('lender', 'POST', '/api/accounts',
    { accountId: active, customerId: 'cust-console-2', currency: 'CNY', creditLimit: '8000.00' });
  await ledger.send('lender', 'POST', `/api/accounts/${active}/borrowings`, { amount: '1000.00', termDays: 60 });

  await ledger.send('lender', 'POST', '/api/accounts',
    { accountId: review, customerId: 'cust-console-3', currency: 'CNY', creditLimit: '2000.00' });
  await ledger.send('ops', 'POST', `/api/accounts/${review}/freeze`,
    { reasonCode: 'MANUAL_REVIEW', note: 'documents requested' });
  reviewAppeal = (await ledger.send('lender', 'POST', `/api/accounts/${review}/appeals`,
    { statement: 'documents sent' })).appealId;

  // Both appeals in the queue and past their (2 s) service level.
  await ledger.waitUntil(async () => {
    const queue = await ledger.read('ops', '/api/appeals?status=OPEN&overdue=true');
    return queue.items.length === 2;
  }, 'both appeals did not show as overdue');
}

describe('the ops and auditor console', () => {
  before(async () => {
    fs.mkdirSync(ARTEFACTS, { recursive: true });
    ledger = await Ledger.start(ARTEFACTS);
    await seed();
    browser = await launch();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(ledger.query.url) && !request.url().startsWith(ledger.command.url)
          && !request.url().startsWith('data:')) {
        problems.push(`request outside the ledger: ${request.url()}`);
      }
    });
  }, { timeout: 240_000 });

  after(async () => {
    await browser?.close();
    await ledger?.stop();
  }, { timeout: 60_000 });

  test('the pages load without a token and ask for one before reading anything', STEP, async () => {
    const apiCalls = [];
    const listener = (request) => request.url().includes('/api/') && apiCalls.push(request.url());
    page.on('request', listener);
    await page.goto(ledger.consoleUrl);
    await page.locator('#need-token').waitFor();
    page.off('request', listener);

    assert.deepEqual(apiCalls, []);
    await shot('01-sign-in');
  });

  test('finds an account and shows its limits card', STEP, async () => {
    await signIn('ops');
    await page.fill('#account-id', frozen);
    await page.click('#find-account button[type=submit]');
    await page.locator('#limits').waitFor();

    assert.equal(await page.textContent('#limits-status'), 'FROZEN');
    assert.equal(await page.textContent('#limits-credit-limit'), '5000.00');
    assert.equal(await page.textContent('#limits-outstanding'), '2700.00');
    assert.equal(await page.textContent('#limits-available'), '0.00');
    assert.match(await page.textContent('#limits-restriction'), /FREEZE RISK_RULE/);
  });

  test('draws the timeline with every event as a mark and the freeze as a band', STEP, async () => {
    await page.locator('svg.timeline').waitFor();

    // opened, borrowed, three repayments, frozen, appeal filed
    assert.deepEqual(await attributes('svg.timeline circle.mark', 'data-type'), ['AccountOpened', 'FundsBorrowed',
      'RepaymentReceived', 'RepaymentReceived', 'RepaymentReceived', 'AccountFrozen', 'AppealFiled']);
    assert.deepEqual(await attributes('svg.timeline rect.band', 'data-reason'), ['RISK_RULE']);
    assert.deepEqual(await attributes('svg.timeline path.line', 'data-series'), ['limit', 'outstanding', 'available']);
    await shot('02-account-timeline');
  });

  test('opens the explanation of the freeze with its evidence highlighted', STEP, async () => {
    await page.click('svg.timeline circle[data-type=AccountFrozen]');
    await page.locator('#evidence').waitFor();

    assert.equal(await page.textContent('#can-borrow'), 'no');
    assert.equal(await page.textContent('#explanation-reason'), 'RISK_RULE');
    assert.equal(await page.textContent('#explanation-rule'), 'EARLY_PARTIAL_REPAYMENT');
    const evidence = await attributes('#evidence li', 'data-sequence');
    assert.deepEqual(evidence, ['2', '3', '4']);
    assert.deepEqual(await attributes('svg.timeline circle.mark.evidence', 'data-sequence'), evidence);
    assert.deepEqual(await attributes('svg.timeline circle.mark.cause', 'data-sequence'), ['5']);
    assert.deepEqual(await attributes('#events tr.evidence', 'data-sequence'), evidence);

    // One step per event: the marks no longer overlap, and the highlight stays.
    await page.selectOption('#spacing', 'event');
    await page.locator('svg.timeline[data-spacing=event] circle.mark.cause').waitFor();
    assert.deepEqual(await attributes('svg.timeline circle.mark.evidence', 'data-sequence'), evidence);
    await shot('03-explanation-of-the-freeze');
  });

  test('an instant before the freeze is explained as able to borrow', STEP, async () => {
    await page.click('svg.timeline circle[data-type=FundsBorrowed]');
    await page.locator('#can-borrow', { hasText: 'yes' }).waitFor();

    assert.equal(await page.locator('svg.timeline circle.mark.evidence').count(), 0);
  });

  test('switches labels and narratives to Chinese and back, keeping the explanation in view', STEP, async () => {
    await page.click('svg.timeline circle[data-type=AccountFrozen]');
    await page.locator('#evidence').waitFor();
    const english = await page.textContent('#narrative');
    await page.click('#lang-zh');
    await page.locator('nav a[data-page=account]', { hasText: '账户' }).waitFor();
    await page.locator('#evidence').waitFor();

    const chinese = await page.textContent('#narrative');
    assert.match(chinese, /[\u4e00-\u9fff]/);
    assert.notEqual(chinese, english);
    assert.equal(await page.textContent('#can-borrow'), '否');
    assert.deepEqual(await attributes('svg.timeline circle.mark.evidence', 'data-sequence'), ['2', '3', '4']);
    assert.match((await texts('#episodes .narrative'))[0], /[\u4e00-\u9fff]/);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await shot('04-chinese');

    await page.click('#lang-en');
    await page.locator('nav a[data-page=account]', { hasText: 'Accounts' }).waitFor();
    await page.locator('#can-borrow', { hasText: 'no' }).waitFor();
  });

  test('an auditor sees the appeals queue but may not decide an appeal', STEP, async () => {
    await signIn('auditor');
    await page.click('nav a[data-page=appeals]');
    const row = page.locator(`tr[data-appeal="${reviewAppeal}"]`);
    await row.waitFor();
    await row.locator('input.decision-note').fill('looks fine');
    await row.locator('button.uphold').click();
    await page.locator('#message.error').waitFor();

    assert.match(await page.textContent('#message'), /may not/);
    const queue = await ledger.read('ops', '/api/appeals?status=OPEN');
    assert.deepEqual(queue.items.map((a) => a.appealId).sort(), [frozenAppeal, reviewAppeal].sort());
  });

  test('ops see overdue appeals marked and decide one', STEP, async () => {
    await signIn('ops');
    await page.click('nav a[data-page=account]');
    await page.click('nav a[data-page=appeals]');
    const row = page.locator(`tr[data-appeal="${frozenAppeal}"]`);
    await row.waitFor();

    assert.equal(await page.locator('tr.appeal.overdue .overdue-mark').count(), 2);
    await shot('05-appeals-queue');

    await row.locator('input.decision-note').fill('early repayments are not a risk');
    await row.locator('button.uphold').click();
    await page.locator('#message', { hasText: 'Decision recorded' }).waitFor();
    await row.waitFor({ state: 'detached' });

    assert.deepEqual(await attributes('tr.appeal', 'data-appeal'), [reviewAppeal]);
    await shot('06-appeal-decided');
    await ledger.waitUntil(async () => (await ledger.read('ops', `/api/accounts/${frozen}`)).status === 'ACTIVE',
      'the upheld appeal did not lift the freeze');
    await page.goto(`${ledger.consoleUrl}#/account/${frozen}`);
    await page.locator('#limits-status', { hasText: 'ACTIVE' }).waitFor();
    assert.equal(await page.textContent('#limits-available'), '2300.00');
  });

  test('shows the portfolio', STEP, async () => {
    await page.click('nav a[data-page=portfolio]');
    await page.locator('#portfolio').waitFor();

    const byStatus = Object.fromEntries(await page.locator('#by-status li').evaluateAll((items) => items.map((li) => [
      li.dataset.key, li.querySelector('.bar-value').textContent])));
    assert.deepEqual(byStatus, { ACTIVE: '2', CLOSED: '0', FROZEN: '1' });
    await shot('07-portfolio');
  });

  test('rebuilds a projection and shows its progress until it has caught up', STEP, async () => {
    await page.click('nav a[data-page=projections]');
    const row = page.locator('tr[data-projection=account-limits]');
    await row.waitFor();
    await row.locator('button.rebuild').click();
    await page.locator('#message', { hasText: 'Rebuild started' }).waitFor();
    await row.locator('.progress-seen').waitFor();
    await page.locator('tr[data-projection=account-limits][data-replaying=false] .progress-value', { hasText: '100.0%' })
      .waitFor({ timeout: 30_000 });

    const seen = (await row.locator('.progress-seen').textContent()).match(/\d+%/g);
    assert.ok(seen.length >= 2, `progress seen: ${seen}`);
    assert.equal(seen.at(-1), '100%');
    assert.equal(await row.locator('progress').getAttribute('value'), '100.0');
    await shot('08-projection-rebuilt');
    const view = await ledger.read('ops', `/api/accounts/${frozen}`);
    assert.equal(view.status, 'ACTIVE');
  });

  test('nothing on the way broke a page, the content policy or left the ledger', STEP, () => {
    assert.deepEqual(problems, []);
  });
});
