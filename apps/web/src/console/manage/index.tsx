import type { ReactElement } from 'react';
import { Route } from 'react-router';
import { AnalyticsPage } from './analytics/AnalyticsPage.js';
import { AuditPage } from './audit/AuditPage.js';
import { CampaignDetailPage } from './campaigns/CampaignDetailPage.js';
import { CampaignsPage, NewCampaignPage } from './campaigns/CampaignsPage.js';
import { CouponsPage } from './coupons/CouponsPage.js';
import { DevelopersPage } from './developers/DevelopersPage.js';
import { PartnersPage } from './partners/PartnersPage.js';
import { RewardsPage } from './rewards/RewardsPage.js';
import { SegmentDetailPage } from './segments/SegmentDetailPage.js';
import { NewSegmentPage, SegmentsPage } from './segments/SegmentsPage.js';
import './manage.css';
import './reports.css';

/**
 * The console's program-management area (campaigns and rules, rewards, coupons, segments, analytics, partners,
 * API keys and webhooks, audit log). The shell renders these routes under /admin and these links in its navigation.
 */
export interface NavItem {
  to: string;
  /** Key in the 'manage' namespace. */
  labelKey: string;
  /** Only owners may use the page (the server refuses everyone else), so only owners see the link. */
  ownerOnly?: boolean;
}

export const manageNav: NavItem[] = [
  { to: '/admin/campaigns', labelKey: 'nav.campaigns' },
  { to: '/admin/rewards', labelKey: 'nav.rewards' },
  { to: '/admin/coupons', labelKey: 'nav.coupons' },
  { to: '/admin/segments', labelKey: 'nav.segments' },
  { to: '/admin/analytics', labelKey: 'nav.analytics' },
  { to: '/admin/partners', labelKey: 'nav.partners' },
  { to: '/admin/developers', labelKey: 'nav.developers', ownerOnly: true },
  { to: '/admin/audit', labelKey: 'nav.audit' },
];

/** Paths are relative: the shell mounts them inside its own <Routes> under /admin. */
export const manageRoutes: ReactElement[] = [
  <Route key="campaigns" path="campaigns" element={<CampaignsPage />} />,
  <Route key="campaigns-new" path="campaigns/new" element={<NewCampaignPage />} />,
  <Route key="campaign" path="campaigns/:id" element={<CampaignDetailPage />} />,
  <Route key="rewards" path="rewards" element={<RewardsPage />} />,
  <Route key="coupons" path="coupons" element={<CouponsPage />} />,
  <Route key="segments" path="segments" element={<SegmentsPage />} />,
  <Route key="segments-new" path="segments/new" element={<NewSegmentPage />} />,
  <Route key="segment" path="segments/:id" element={<SegmentDetailPage />} />,
  <Route key="analytics" path="analytics" element={<AnalyticsPage />} />,
  <Route key="partners" path="partners" element={<PartnersPage />} />,
  <Route key="developers" path="developers" element={<DevelopersPage />} />,
  <Route key="audit" path="audit" element={<AuditPage />} />,
];
