import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type AxeViolation,
  chromiumMissing,
  describeViolations,
  launch,
  openPage,
  screenshot,
  seriousViolations,
  type WatchedPage,
} from './helpers/browser.js';
import { BOOTSTRAP_KEY, type RunningServer, startServer } from './helpers/server.js';

/**
 * The journey, in one browser session per person: an admin sets up a program in the console, a member joins
 * in the portal on a phone, a purchase arrives through the API, the member sees the explained points and redeems a
 * reward, and the admin sees it all. Each step leans on the previous one, so the steps run in order and stop at the
 * first failure. Every main page is screenshotted and checked with axe; no page may log a console error.
 */
const skip = chromiumMissing();
const OWNER = { name: 'Olga Owner', email: 'owner@acme.test', password: 'correct horse battery' };
const MEMBER_EMAIL = 'mia@example.com';
const SLUG = 'acme-club';

describe('console and portal journey', { skip }, () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: WatchedPage;
  let member: WatchedPage;
  let programId = '';
  let memberId = '';
  let earned = 0;
  const violations = new Map<string, AxeViolation[]>();

  /** Screenshot and accessibility check of a main page, once it shows `ready`. */
  async function capture(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    const found = await seriousViolations(page);
    if (found.length > 0) violations.set(name, found);
  }

  async function pointsAvailable(): Promise<number> {
    const balance = (await api('GET', `/v1/members/${memberId}/balance`)) as {
      wallets: { wallet: string; available: number }[];
    };
    return balance.wallets.find((w) => w.wallet === 'points')?.available ?? Number.NaN;
  }

  async function api(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${BOOTSTRAP_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  before(async () => {
    server = await startServer();
    browser = await launch();
    admin = await openPage(browser, { baseURL: server.url });
    member = await openPage(browser, { baseURL: server.url, viewport: { width: 390, height: 844 } });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('on first run the console asks for the owner, then signs them in', async () => {
    const page = admin.page;
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    await capture(page, 'console-setup');
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email', { exact: true }).fill(OWNER.email);
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Confirm password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Create owner account' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByText(OWNER.name).first().waitFor();
  });

  test('the admin creates a program and a tier', async () => {
    const page = admin.page;
    await page.getByRole('link', { name: 'Program settings' }).click();
    await page.getByRole('heading', { name: 'Program settings', level: 1 }).waitFor();
    await page.getByLabel('A blank program').check();
    await page.getByLabel('Program name', { exact: true }).last().fill('Acme Club');
    await page.getByLabel('Slug', { exact: true }).last().fill(SLUG);
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Program Acme Club created and selected.').waitFor();
    const programs = (await api('GET', '/v1/programs')) as { data: { id: string; slug: string }[] };
    programId = programs.data.find((p) => p.slug === SLUG)?.id ?? '';
    assert.ok(programId, 'the program exists in the API');

    await page.getByRole('button', { name: 'Create tier set' }).click();
    await page.getByLabel('Tier name').fill('Member');
    await page.getByLabel('Tier code').fill('member');
    await page.getByRole('button', { name: 'Create tier set' }).last().click();
    await page.getByText('Tier set created.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Add tier' }).click();
    await page.getByLabel('Tier name').fill('Gold');
    await page.getByLabel('Tier code').fill('gold');
    await page.getByLabel('Spend threshold', { exact: false }).fill('200');
    await page.getByRole('button', { name: 'Save tier' }).click();
    await page.getByText('Tier Gold added.', { exact: false }).waitFor();
    await capture(page, 'console-settings');
    const tiers = (await api('GET', `/v1/programs/${programId}/tiers`)) as { tiers: { code: string }[] };
    assert.deepEqual(
      tiers.tiers.map((t) => t.code),
      ['member', 'gold'],
    );
  });

  test('the admin creates and publishes a campaign', async () => {
    const page = admin.page;
    await page.getByRole('link', { name: 'Campaigns & rules' }).click();
    await page.getByRole('link', { name: 'Create campaign' }).click();
    await page.getByLabel('Campaign name').fill('Double points on shoes');
    await page.getByLabel('Rule name').fill('Shoes earn double');
    await page.getByLabel('Only lines in categories').fill('shoes');
    await capture(page, 'console-campaign-builder');
    await page.getByRole('button', { name: 'Publish campaign' }).click();
    await page.getByText('Campaign published').waitFor();
    await capture(page, 'console-campaign');
  });

  test('the admin creates a reward', async () => {
    const page = admin.page;
    await page.getByRole('link', { name: 'Rewards', exact: true }).click();
    await page.getByRole('button', { name: 'Create reward' }).click();
    await page.getByLabel('Reward name').fill('€5 off');
    await page.getByLabel('Code', { exact: true }).fill('five-off');
    await page.getByLabel('Cost', { exact: false }).fill('100');
    await page.getByLabel('Value', { exact: false }).first().fill('5');
    await page.getByRole('button', { name: 'Save reward' }).click();
    await page.getByText('Reward “€5 off” saved').waitFor();
    await capture(page, 'console-rewards');
  });

  test('a member signs up in the portal with a code from the server log', async () => {
    const page = member.page;
    await page.goto(`/p/${SLUG}`);
    await page.getByRole('heading', { name: 'Acme Club', level: 1 }).waitFor();
    await page.getByText('Gold').first().waitFor();
    await capture(page, 'portal-program');
    await page.getByRole('link', { name: 'Join' }).first().click();
    await page.getByLabel('Email address').fill(MEMBER_EMAIL);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    const line = await server.waitForLog((l) => l.msg === 'member sign-in code' && l.email === MEMBER_EMAIL);
    await page.getByLabel('Sign-in code').fill(String(line.code));
    await page.getByLabel('First name').fill('Mia');
    await page.getByLabel('Last name').fill('Meyer');
    await capture(page, 'portal-join');
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('heading', { name: 'My points' }).waitFor();
    await capture(page, 'portal-home-new');
    const found = (await api(
      'GET',
      `/v1/members/lookup?programId=${programId}&type=email&value=${encodeURIComponent(MEMBER_EMAIL)}`,
    )) as { id: string };
    memberId = found.id;
    assert.ok(memberId);
  });

  test('a purchase arrives through the API and the member sees the points with their explanation', async () => {
    const receipt = (await api('POST', '/v1/transactions', {
      programId,
      externalId: 'POS-0001',
      memberId,
      occurredAt: new Date().toISOString(),
      channel: 'pos',
      currency: 'EUR',
      lines: [{ sku: 'RUN-42', name: 'Trail runner', category: 'shoes', quantity: 1, unitPrice: 8000 }],
    })) as { points: { awarded: number } };
    assert.equal(receipt.points.awarded, 160);
    earned = await pointsAvailable();
    // 1 point per euro by default, doubled on shoes by the campaign.
    assert.equal(earned, 160, JSON.stringify(receipt));

    const page = member.page;
    await page.reload();
    await page.getByText('160', { exact: false }).first().waitFor();
    await page.getByRole('link', { name: 'History' }).first().click();
    await page.getByRole('heading', { name: 'Points history' }).waitFor();
    await page.getByText('Shoes earn double', { exact: false }).first().waitFor();
    await capture(page, 'portal-history');
  });

  test('the member redeems the reward and sees the coupon', async () => {
    const page = member.page;
    await page.getByRole('link', { name: 'Rewards' }).first().click();
    await page.getByRole('heading', { name: 'Rewards', level: 1 }).waitFor();
    await capture(page, 'portal-rewards');
    await page.getByRole('button', { name: 'Redeem' }).first().click();
    await page.getByRole('button', { name: 'Redeem now' }).click();
    await page.getByText('Reward redeemed').waitFor();
    await page.getByRole('link', { name: 'Go to my coupons' }).click();
    await page.getByRole('heading', { name: 'My coupons' }).waitFor();
    await page.getByText('Ready to use').first().waitFor();
    await page
      .getByRole('img', { name: /Barcode for coupon/ })
      .first()
      .waitFor();
    await capture(page, 'portal-coupons');
    assert.equal(await pointsAvailable(), earned - 100);

    await page.getByRole('link', { name: 'Card' }).first().click();
    await page.getByRole('img', { name: /Barcode of card number/ }).waitFor();
    await capture(page, 'portal-card');
    await page.getByRole('link', { name: 'Profile' }).first().click();
    await page.getByRole('button', { name: 'Download my data' }).waitFor();
    await capture(page, 'portal-profile');
  });

  test("the admin sees the member's timeline and the dashboard update", async () => {
    // The daily analytics refresh, queued now (the worker runs it), so the member 360 page has RFM, CLV and churn
    // figures to show.
    await api('POST', `/v1/programs/${programId}/analytics/refresh`, {});
    const deadline = Date.now() + 60_000;
    while ((await api('GET', `/v1/members/${memberId}/metrics`)) === undefined) {
      assert.ok(Date.now() < deadline, 'the queued metrics refresh did not run within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const page = admin.page;
    await page.getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('link', { name: /Mia Meyer/ }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByText('Shoes earn double', { exact: false }).first().waitFor();
    await page.getByText('€5 off', { exact: false }).first().waitFor();
    await capture(page, 'console-member-360');

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const earnedTile = page.locator('.stat', { hasText: 'Points earned' }).first();
    await earnedTile.getByText('160').waitFor();
    const redeemedTile = page.locator('.stat', { hasText: 'Points redeemed' }).first();
    await redeemedTile.getByText('100').waitFor();
    await capture(page, 'console-dashboard');
  });

  test('the other main console pages render', async () => {
    const page = admin.page;
    for (const [link, heading, name] of [
      ['Members', 'Members', 'console-members'],
      ['Coupons', 'Coupons', 'console-coupons'],
      ['Segments', 'Segments', 'console-segments'],
      ['Analytics', 'Analytics', 'console-analytics'],
      ['Partners', 'Partners', 'console-partners'],
      ['API keys & webhooks', 'API keys & webhooks', 'console-developers'],
      ['Audit log', 'Audit log', 'console-audit'],
      ['Users', 'Users', 'console-users'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await capture(page, name);
    }
  });

  test('the console and the portal speak Russian', async () => {
    const page = member.page;
    await page.getByLabel('Language').first().selectOption('ru');
    await page.getByRole('heading', { name: 'Профиль', level: 1 }).waitFor();
    await capture(page, 'portal-profile-ru');
    await admin.page.getByLabel('Language').first().selectOption('ru');
    await admin.page.getByRole('heading', { name: 'Пользователи', level: 1 }).waitFor();
    await capture(admin.page, 'console-users-ru');
  });

  test('no page logged a console error, and axe found no serious or critical violation', () => {
    assert.deepEqual([...admin.errors, ...member.errors], []);
    const report = [...violations]
      .map(([page, found]) => `${page}:\n${describeViolations(found)}`)
      .join('\n');
    assert.equal(report, '', report);
  });
});
