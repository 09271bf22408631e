import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatMoney } from '../ui/format.js';
import { portalPath, usePortal } from './context.js';
import { serverTextLang, usePageTitle, usePoints } from './page.js';
import { joinList, tierBenefits, tierThreshold } from './words.js';

/**
 * The public program page (/p/:slug): how to earn, tiers, rewards and FAQ, all from the program's configuration
 * as the API describes it. Visitors see "Join" and "Sign in"; signed-in members a way back to their account.
 */
export function ProgramPage() {
  const { t, i18n } = useTranslation('portal');
  const { slug, program, signedIn, referralCode } = usePortal();
  const points = usePoints();
  const location = useLocation();
  const left = (location.state as { deleted?: boolean; signedOut?: boolean } | null) ?? {};
  const en = serverTextLang(i18n.language);
  usePageTitle(t('program.title'));
  const { baseRate, excluded, campaigns, events } = program.earn;
  const exclusions = [
    ...excluded.categories.map((c) => t('program.excludedCategory', { name: c })),
    ...excluded.skus.map((s) => t('program.excludedSku', { name: s })),
  ];
  const pointWorth = formatMoney(program.pointValue.minor, program.currency);
  // An event's rule also belongs to a campaign: it is listed once, under the activity, with its points worded.
  const eventTexts = new Set(events.flatMap((e) => e.text.split('; ')));
  const purchaseCampaigns = campaigns
    .map((c) => ({ ...c, rules: c.rules.filter((r) => !eventTexts.has(r.text)) }))
    .filter((c) => c.rules.length > 0);

  return (
    <div className="program-page">
      {(left.deleted === true || left.signedOut === true) && (
        <p className="success-box" role="status">
          {left.deleted === true ? t('program.deleted') : t('program.signedOut')}
        </p>
      )}
      <section className="hero" aria-labelledby="program-title">
        <h1 id="program-title">{program.name}</h1>
        <p className="hero-lead">{t('program.tagline')}</p>
        {program.pointValue.minor > 0 && (
          <p className="muted">
            {t('program.worth', { points: points(program.pointValue.points), money: pointWorth })}
          </p>
        )}
        {referralCode !== undefined && !signedIn && (
          <p className="invite-note" role="status">
            {t('program.invited', { code: referralCode })}
          </p>
        )}
        <div className="hero-actions">
          {signedIn ? (
            <Link className="button" to={portalPath(slug, 'home')}>
              {t('program.myAccount')}
            </Link>
          ) : (
            <>
              <Link className="button" to={`${portalPath(slug, 'sign-in')}?join=1`}>
                {t('program.join')}
              </Link>
              <Link className="button secondary" to={portalPath(slug, 'sign-in')}>
                {t('program.signIn')}
              </Link>
            </>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="earn-title">
        <h2 id="earn-title">{t('program.earnTitle')}</h2>
        <ul className="earn-list">
          <li>
            <strong>{t('program.shopping')}</strong>
            <span>
              {t('program.baseRate', {
                points: points(baseRate.points),
                money: formatMoney(baseRate.perMinor, program.currency),
              })}
              {exclusions.length > 0 && ` ${t('program.except', { list: joinList(t, exclusions, 'and') })}`}
            </span>
          </li>
          {events.map((event) => (
            <li key={event.type}>
              <strong>{event.name}</strong>
              {event.points !== null ? (
                <span>{t('program.eventPoints', { points: points(event.points) })}</span>
              ) : (
                <span lang={en}>{event.text}</span>
              )}
              {event.description !== null && <span className="muted">{event.description}</span>}
            </li>
          ))}
          {purchaseCampaigns.map((campaign) => (
            <li key={campaign.id}>
              <strong>{campaign.name}</strong>
              {campaign.description !== null && <span>{campaign.description}</span>}
              {campaign.rules.map((rule) => (
                <span key={rule.name} lang={en}>
                  {rule.text}
                  {campaign.audience !== null && ` (${campaign.audience})`}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </section>

      {program.tiers !== null && program.tiers.items.length > 0 && (
        <section className="card" aria-labelledby="tiers-title">
          <h2 id="tiers-title">{t('program.tiersTitle')}</h2>
          <p>{t(`tiers.windowIntro.${program.tiers.window}`, { defaultValue: program.tiers.windowText })}</p>
          <ol className="tier-list">
            {program.tiers.items.map((tier) => {
              const benefits = tierBenefits(t, tier.benefits);
              return (
                <li key={tier.code} className="tier-item">
                  <h3>{tier.name}</h3>
                  <p className="muted">
                    {tierThreshold(t, tier, program.currency, program.tiers?.window ?? '')}
                  </p>
                  {benefits.length > 0 ? (
                    <ul>
                      {benefits.map((benefit) => (
                        <li key={benefit}>{benefit}</li>
                      ))}
                    </ul>
                  ) : (
                    // "The start of your membership" only describes the entry tier; a higher tier without
                    // benefits is a status of its own and says nothing rather than something untrue.
                    tier.threshold === null && <p>{t('tiers.noBenefits')}</p>
                  )}
                </li>
              );
            })}
          </ol>
          <p className="muted" lang={en}>
            {program.tiers.keepText}
          </p>
        </section>
      )}

      {program.rewards.length > 0 && (
        <section className="card" aria-labelledby="rewards-title">
          <h2 id="rewards-title">{t('program.rewardsTitle')}</h2>
          <ul className="reward-summary">
            {program.rewards.map((reward) => (
              <li key={reward.id}>
                <div>
                  <strong>{reward.name}</strong>
                  {reward.description !== null && <p className="muted">{reward.description}</p>}
                </div>
                <span className="cost">{points(reward.cost)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {program.faq.length > 0 && (
        <section className="card" aria-labelledby="faq-title">
          <h2 id="faq-title">{t('program.faqTitle')}</h2>
          <div className="faq" lang={en}>
            {program.faq.map((item) => (
              <details key={item.id}>
                <summary>{item.question}</summary>
                <p>{item.answer}</p>
              </details>
            ))}
          </div>
        </section>
      )}
    </div>
  );
}
