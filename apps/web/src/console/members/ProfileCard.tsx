import i18next from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { formatDate } from '../../ui/format.js';
import { useProgram } from '../context.js';
import { fieldErrors, type Member, type MemberPatch } from '../lib.js';
import { AttributeFields, attributeDraft, attributeValues } from './AttributeFields.js';

const TEXT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'birthDate', 'locale'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return i18next.t(value ? 'yes' : 'no');
  return String(value);
}

/** Profile and custom attributes, shown as facts and edited in place by roles that may change members. */
export function ProfileCard({
  member,
  mayEdit,
  onSaved,
}: {
  member: Member;
  mayEdit: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const defs = program.attributeSchema;
  // Attributes the schema no longer lists are still shown: they were valid when written.
  const extraKeys = Object.keys(member.attributes).filter((key) => !defs.some((d) => d.key === key));

  return (
    <Card title={t('profile.title')}>
      {saved && !editing && (
        <p className="success-box" role="status">
          {t('profile.saved')}
        </p>
      )}
      {editing ? (
        <ProfileForm
          member={member}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
            onSaved();
          }}
        />
      ) : (
        <>
          <dl className="facts">
            {TEXT_FIELDS.map((field) => (
              <div key={field}>
                <dt>{t(`profile.${field}`)}</dt>
                <dd className="break">
                  {field === 'birthDate' ? formatDate(member.birthDate) : displayValue(member[field])}
                </dd>
              </div>
            ))}
            {member.address !== null && (
              <div>
                <dt>{t('profile.address')}</dt>
                <dd>
                  {[
                    member.address.line1,
                    member.address.line2,
                    member.address.postalCode,
                    member.address.city,
                  ]
                    .filter(Boolean)
                    .join(', ')}{' '}
                  ({member.address.country})
                </dd>
              </div>
            )}
            {[...defs.map((d) => d.key), ...extraKeys].map((key) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{displayValue(member.attributes[key])}</dd>
              </div>
            ))}
          </dl>
          {mayEdit && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('profile.edit')}
            </button>
          )}
        </>
      )}
      {!editing && !mayEdit && member.status !== 'deleted' && (
        <p className="muted small">{t('profile.readOnly')}</p>
      )}
    </Card>
  );
}

function ProfileForm({
  member,
  onCancel,
  onSaved,
}: {
  member: Member;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const { program } = useProgram();
  const defs = program.attributeSchema;
  const [draft, setDraft] = useState<Record<TextField, string>>(() => ({
    firstName: member.firstName ?? '',
    lastName: member.lastName ?? '',
    email: member.email ?? '',
    phone: member.phone ?? '',
    birthDate: member.birthDate ?? '',
    locale: member.locale ?? '',
  }));
  const [status, setStatus] = useState<'active' | 'blocked'>(
    member.status === 'blocked' ? 'blocked' : 'active',
  );
  const [attributes, setAttributes] = useState(() => attributeDraft(defs, member.attributes));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    const value = (field: TextField) => (draft[field].trim() === '' ? null : draft[field].trim());
    // Only what changed is sent: an untouched email or phone is not re-checked against other members.
    const body: MemberPatch = {};
    for (const field of TEXT_FIELDS) {
      if (value(field) !== (member[field] ?? null)) body[field] = value(field);
    }
    if (status !== member.status) body.status = status;
    const changedAttributes = Object.fromEntries(
      Object.entries(attributeValues(defs, attributes, true)).filter(
        ([key, v]) => v !== (member.attributes[key] ?? null),
      ),
    );
    if (Object.keys(changedAttributes).length > 0) body.attributes = changedAttributes;
    try {
      if (Object.keys(body).length > 0) {
        await unwrap(api.PATCH('/v1/members/{id}', { params: { path: { id: member.id } }, body }));
      }
      onSaved();
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };

  const types: Record<TextField, string> = {
    firstName: 'text',
    lastName: 'text',
    email: 'email',
    phone: 'tel',
    birthDate: 'date',
    locale: 'text',
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <div className="form-row">
        {TEXT_FIELDS.map((field) => (
          <Field
            key={field}
            label={t(`profile.${field}`)}
            hint={field === 'locale' ? t('profile.localeHint') : undefined}
            error={errors[field]}
          >
            {(props) => (
              <input
                {...props}
                type={types[field]}
                value={draft[field]}
                onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
              />
            )}
          </Field>
        ))}
        <Field label={t('members.status')} error={errors.status}>
          {(props) => (
            <select
              {...props}
              value={status}
              onChange={(event) => setStatus(event.target.value as 'active' | 'blocked')}
            >
              <option value="active">{t('memberStatus.active')}</option>
              <option value="blocked">{t('memberStatus.blocked')}</option>
            </select>
          )}
        </Field>
      </div>
      <AttributeFields defs={defs} draft={attributes} onChange={setAttributes} errors={errors} />
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" disabled={sending}>
          {sending ? t('form.saving') : t('profile.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
