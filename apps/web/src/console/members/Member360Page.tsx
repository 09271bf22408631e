import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client.js';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { canWrite, useAdmin } from '../context.js';
import { isNotFound, type Member, memberName } from '../lib.js';
import { NotFoundPage } from '../NotFoundPage.js';
import { usePageTitle } from '../page-title.js';
import { AdjustPointsForm } from './AdjustPointsForm.js';
import { BalancesCard } from './BalancesCard.js';
import { ConsentsCard } from './ConsentsCard.js';
import { CouponsCard } from './CouponsCard.js';
import { IdentitiesCard } from './IdentitiesCard.js';
import { InsightsCard } from './InsightsCard.js';
import { statusBadge } from './MembersPage.js';
import { ProfileCard } from './ProfileCard.js';
import { TierCard } from './TierCard.js';
import { TimelineCard } from './TimelineCard.js';

/** Everything about one member on one page: who they are, what they hold, where they stand, what happened. */
export function Member360Page() {
  const { id = '' } = useParams();
  const { t } = useTranslation('console');
  const member = useAsync(() => unwrap(api.GET('/v1/members/{id}', { params: { path: { id } } })), [id]);
  if (member.data === undefined) {
    if (isNotFound(member.error)) return <NotFoundPage />;
    return (
      <>
        <h1>{t('member.title')}</h1>
        {member.error !== undefined ? <ErrorBox error={member.error} onRetry={member.reload} /> : <Loading />}
      </>
    );
  }
  return <MemberView key={member.data.id} member={member.data} reloadMember={member.reload} />;
}

function MemberView({ member, reloadMember }: { member: Member; reloadMember: () => void }) {
  const { t } = useTranslation('console');
  const { user } = useAdmin();
  const name = memberName(member) || t('members.unnamed');
  usePageTitle(name);
  // Bumped after a write to the ledger, so the balance and the timeline load again and show it.
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const live = member.status !== 'deleted';
  const mayEdit = live && canWrite(user.role, 'members');

  return (
    <>
      <p className="breadcrumb">
        <Link to="/admin/members">{t('member.backToMembers')}</Link>
      </p>
      <PageHeader title={name}>
        <p className="member-meta">
          <span className={statusBadge(member.status)}>{t(`memberStatus.${member.status}`)}</span>{' '}
          <span className="muted">
            {t('member.since', { date: formatDate(member.createdAt) })}
            {member.enrollmentChannel !== null &&
              ` · ${t('member.channel', { channel: member.enrollmentChannel })}`}
          </span>
        </p>
        {member.tags.length > 0 && (
          <ul className="tag-list" aria-label={t('member.tags')}>
            {member.tags.map((tag) => (
              <li key={tag} className="badge">
                {tag}
              </li>
            ))}
          </ul>
        )}
      </PageHeader>
      <div className="m360">
        <div className="m360-col">
          <ProfileCard member={member} mayEdit={mayEdit} onSaved={reloadMember} />
          <IdentitiesCard member={member} mayEdit={mayEdit} onChanged={reloadMember} />
          <ConsentsCard member={member} mayEdit={mayEdit} onSaved={reloadMember} />
        </div>
        <div className="m360-col">
          <BalancesCard memberId={member.id} version={ledgerVersion} />
          {mayEdit && (
            <AdjustPointsForm memberId={member.id} onAdjusted={() => setLedgerVersion((v) => v + 1)} />
          )}
          <TierCard memberId={member.id} version={ledgerVersion} />
          <InsightsCard memberId={member.id} />
          <CouponsCard memberId={member.id} />
        </div>
      </div>
      <TimelineCard memberId={member.id} version={ledgerVersion} />
    </>
  );
}
