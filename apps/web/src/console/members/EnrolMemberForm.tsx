import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Field } from '../../ui/components.js';
import { useProgram } from '../context.js';
import { fieldErrors, type Member, newIdempotencyKey } from '../lib.js';
import { AttributeFields, attributeDraft, attributeValues } from './AttributeFields.js';

const CONSENTS = ['marketingEmail', 'sms'] as const;

/** Enrols a member in the selected program from the console (enrolment channel "console"). */
export function EnrolMemberForm({
  onCancel,
  onEnrolled,
}: {
  onCancel: () => void;
  onEnrolled: (m: Member) => void;
}) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const { program } = useProgram();
  const [profile, setProfile] = useState({
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    birthDate: '',
  });
  const [consents, setConsents] = useState({ marketingEmail: false, sms: false });
  const [attributes, setAttributes] = useState(() => attributeDraft(program.attributeSchema, {}));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  // One key per member being enrolled: a retried submit cannot create the member twice.
  const key = useRef(newIdempotencyKey());
  const errors = fieldErrors(error);

  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(undefined);
    try {
      const body = {
        programId: program.id,
        enrollmentChannel: 'console',
        ...(text(profile.firstName) ? { firstName: text(profile.firstName) } : {}),
        ...(text(profile.lastName) ? { lastName: text(profile.lastName) } : {}),
        ...(text(profile.email) ? { email: text(profile.email) } : {}),
        ...(text(profile.phone) ? { phone: text(profile.phone) } : {}),
        ...(text(profile.birthDate) ? { birthDate: text(profile.birthDate) } : {}),
        // Only consents given are recorded: an unticked box at the desk means "not asked", not "refused".
        consents: Object.fromEntries(
          CONSENTS.filter((c) => consents[c]).map((c) => [c, { granted: true, source: 'console' }]),
        ),
        attributes: attributeValues(program.attributeSchema, attributes, false),
      };
      const member = await unwrap(
        api.POST('/v1/members', { body, headers: { 'Idempotency-Key': key.current } }),
      );
      onEnrolled(member);
    } catch (failure) {
      setError(failure);
      setSending(false);
    }
  };

  const input = (name: keyof typeof profile, type = 'text', autoComplete?: string) => (
    <Field label={t(`profile.${name}`)} error={errors[name]}>
      {(props) => (
        <input
          {...props}
          type={type}
          autoComplete={autoComplete ?? 'off'}
          value={profile[name]}
          onChange={(event) => {
            key.current = newIdempotencyKey();
            setProfile({ ...profile, [name]: event.target.value });
          }}
        />
      )}
    </Field>
  );

  return (
    <Card title={t('enrol.title')}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="form-row">
          {input('firstName')}
          {input('lastName')}
        </div>
        <div className="form-row">
          {input('email', 'email')}
          {input('phone', 'tel')}
          {input('birthDate', 'date')}
        </div>
        <fieldset className="fieldset">
          <legend>{t('consents.title')}</legend>
          {CONSENTS.map((c) => (
            <div className="check" key={c}>
              <input
                id={`enrol-consent-${c}`}
                type="checkbox"
                checked={consents[c]}
                onChange={(event) => setConsents({ ...consents, [c]: event.target.checked })}
              />
              <label htmlFor={`enrol-consent-${c}`}>{t(`consents.${c}`)}</label>
            </div>
          ))}
        </fieldset>
        <AttributeFields
          defs={program.attributeSchema}
          draft={attributes}
          onChange={setAttributes}
          errors={errors}
        />
        <ErrorBox error={error} />
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? t('form.sending') : t('enrol.submit')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {tc('cancel')}
          </button>
        </div>
      </form>
    </Card>
  );
}
